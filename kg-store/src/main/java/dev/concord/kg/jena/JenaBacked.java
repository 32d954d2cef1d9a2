package dev.concord.kg.jena;

import org.apache.jena.sparql.core.DatasetGraph;

/**
 * A knowledge graph whose facts, labels and schema are also in a Jena dataset (TDB2 itself, or
 * the replica of the Neo4j backend): export streams from it. Callers hold a read transaction
 * of the graph ({@code calculateRead}) while they read it.
 */
public interface JenaBacked {
    DatasetGraph dataset();
}
