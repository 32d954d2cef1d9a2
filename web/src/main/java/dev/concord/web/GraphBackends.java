package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;

import java.nio.file.Path;

/** Opens the configured knowledge-graph backend (concord.kg.backend). */
final class GraphBackends {
    private GraphBackends() {
    }

    static KnowledgeGraph open(String backend, Path dir, ConcordConfig.Kg.Neo4j neo4j) {
        throw new KgException("knowledge-graph backend '" + backend + "' is not available in this build");
    }
}
