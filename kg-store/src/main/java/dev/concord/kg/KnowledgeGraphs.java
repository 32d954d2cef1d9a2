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

    /** A TDB2 dataset in memory: real transactions and indexes, nothing on disk. For tests and demos. */
    public static KnowledgeGraph inMemory() {
        return JenaKnowledgeGraph.inMemory(DEFAULT_SPARQL_TIMEOUT);
    }
}
