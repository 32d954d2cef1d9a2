package dev.concord.web;

import dev.concord.kg.KnowledgeGraph;
import org.jboss.logging.Logger;

/** Imports the seed knowledge graphs and relation schema that kg-store ships. */
final class Seeding {
    private static final Logger LOG = Logger.getLogger(Seeding.class);

    private Seeding() {
    }

    static void importDefaults(KnowledgeGraph kg) {
        LOG.warn("This build has no seed importer; the graph starts empty");
    }
}
