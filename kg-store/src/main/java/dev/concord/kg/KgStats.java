package dev.concord.kg;

/** Counts describing a graph: facts, distinct entities, relations in the schema, current revision. */
public record KgStats(long triples, long entities, long relations, long revision) {
}
