package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.kg.KnowledgeGraph;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;

/** The one owner of the knowledge graph: opened from configuration, closed on shutdown. */
@ApplicationScoped
public class GraphProducer {
    private static final Logger LOG = Logger.getLogger(GraphProducer.class);

    @Inject
    ConcordConfig config;

    @Produces
    @ApplicationScoped
    KnowledgeGraph graph() {
        String backend = config.kg().backend().strip().toLowerCase();
        Path dir = Path.of(config.dataDir(), "kg");
        KnowledgeGraph kg = GraphBackends.open(backend, dir, config.kg().neo4j(), config.sparql().timeout());
        LOG.infof("Knowledge graph: %s backend%s, %d triples", backend,
                backend.equals("tdb2") ? " at " + dir.toAbsolutePath() : "", kg.size());
        return kg;
    }

    void close(@Disposes KnowledgeGraph kg) {
        kg.close();
    }

    static Path ensureDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
