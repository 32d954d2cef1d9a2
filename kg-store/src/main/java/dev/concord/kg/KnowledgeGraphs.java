package dev.concord.kg;

import dev.concord.kg.jena.JenaKnowledgeGraph;
import java.nio.file.Path;
import java.time.Duration;

/** Creates knowledge graphs; the caller owns the result and closes it. */
public final class KnowledgeGraphs {
    /** SPARQL timeout used when none is given. */
    public static final Duration DEFAULT_SPARQL_TIMEOUT = Duration.ofSeconds(10);

    private KnowledgeGraphs() {
    }

    /** A Jena TDB2 database in {@code dir} (created if missing): the embedded default. */
    public static KnowledgeGraph tdb2(Path dir) {
        return tdb2(dir, DEFAULT_SPARQL_TIMEOUT);
    }

    public static KnowledgeGraph tdb2(Path dir, Duration sparqlTimeout) {
        if (dir == null) {
            throw new KgException("a TDB2 directory is required, found none");
        }
        return JenaKnowledgeGraph.open(dir, sparqlTimeout);
    }

    /**
     * A Neo4j 5 server reached through the Java driver (for example {@code bolt://localhost:7687}).
     * SPARQL is answered from a Jena replica kept in step with every commit: TDB2 under
     * {@code replicaDir}, or in memory when it is null. The replica is rebuilt from Neo4j on open.
     */
    public static KnowledgeGraph neo4j(String uri, String user, String password, Path replicaDir) {
        return neo4j(uri, user, password, replicaDir, DEFAULT_SPARQL_TIMEOUT);
    }

    public static KnowledgeGraph neo4j(String uri, String user, String password, Path replicaDir, Duration sparqlTimeout) {
        if (uri == null || uri.isBlank()) {
            throw new KgException("a Neo4j URI such as bolt://localhost:7687 is required, found none");
        }
        return dev.concord.kg.neo4j.Neo4jKnowledgeGraph.connect(uri, user, password, replicaDir, sparqlTimeout);
    }

    /** A TDB2 dataset in memory: real transactions and indexes, nothing on disk. For tests and demos. */
    public static KnowledgeGraph inMemory() {
        return JenaKnowledgeGraph.inMemory(DEFAULT_SPARQL_TIMEOUT);
    }
}
