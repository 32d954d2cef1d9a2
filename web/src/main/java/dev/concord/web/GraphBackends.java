package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;

import java.nio.file.Path;
import java.time.Duration;

/** Opens the configured knowledge-graph backend (concord.kg.backend: tdb2, neo4j, or memory for tests). */
final class GraphBackends {
    private GraphBackends() {
    }

    static KnowledgeGraph open(String backend, Path dir, ConcordConfig.Kg.Neo4j neo4j, Duration sparqlTimeout) {
        return switch (backend) {
            case "tdb2" -> KnowledgeGraphs.tdb2(GraphProducer.ensureDir(dir), sparqlTimeout);
            case "memory" -> KnowledgeGraphs.inMemory();
            case "neo4j" -> KnowledgeGraphs.neo4j(neo4j.uri(), neo4j.user(), neo4j.password().orElse(""),
                    GraphProducer.ensureDir(dir.resolveSibling("kg-replica")), sparqlTimeout);
            default -> throw new KgException("concord.kg.backend must be tdb2 or neo4j, found '" + backend + "'");
        };
    }
}
