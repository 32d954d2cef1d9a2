package dev.concord.web.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

import java.util.Map;

/**
 * A real in-process Neo4j 5 (neo4j-harness, Bolt on a free port, no HTTP server) as the knowledge
 * graph of the {@code pgtest} run, so that run is the production configuration compose starts:
 * PostgreSQL for the workflow and Neo4j for the graph (SPARQL from the Jena replica the Neo4j
 * backend keeps). In every other run it starts nothing and the tests keep the in-memory graph.
 */
public class Neo4jHarnessResource implements QuarkusTestResourceLifecycleManager {
    private Neo4j server;

    @Override
    public Map<String, String> start() {
        if (!EmbeddedPostgresResource.active()) {
            return Map.of();
        }
        server = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        // The harness runs without authentication: any password is accepted.
        return Map.of(
                "concord.kg.backend", "neo4j",
                "concord.kg.neo4j.uri", server.boltURI().toString(),
                "concord.kg.neo4j.user", "neo4j",
                "concord.kg.neo4j.password", "harness");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Registers the resource for every @QuarkusTest of the run. */
    @QuarkusTestResource(value = Neo4jHarnessResource.class, restrictToAnnotatedClass = false)
    public static final class Registration {
    }
}
