package dev.concord.web;

import dev.concord.kg.ImportReport;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Seeds;
import org.jboss.logging.Logger;

import java.util.List;

/** Imports the seed knowledge graphs and relation schema that kg-store ships, on an empty graph. */
final class Seeding {
    private static final Logger LOG = Logger.getLogger(Seeding.class);

    private Seeding() {
    }

    static void importDefaults(KnowledgeGraph kg) {
        List<ImportReport> reports = Seeds.importDefaultsIfEmpty(kg);
        for (ImportReport r : reports) {
            LOG.infof("Seed import %s: %d read, %d imported, %d duplicates, %d skipped", r.source(), r.read(), r.imported(), r.duplicates(), r.skipped().size());
        }
    }
}
