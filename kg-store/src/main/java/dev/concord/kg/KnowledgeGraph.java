package dev.concord.kg;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A knowledge graph with a relation schema and a revision history. Implementations: Jena TDB2
 * (embedded default, {@code dev.concord.kg.jena}) and Neo4j 5 ({@code dev.concord.kg.neo4j}).
 * Create them through {@link KnowledgeGraphs}.
 *
 * <p>Transactions are callbacks, as in Jena's {@code Txn}: a throwable aborts and is rethrown.
 * Lookups called outside a transaction run in their own read transaction. All methods are
 * thread-safe; writes are serialised.
 */
public interface KnowledgeGraph extends AutoCloseable {

    // --- transactions -----------------------------------------------------------------------

    void executeRead(Runnable action);

    <T> T calculateRead(Supplier<T> action);

    void executeWrite(Runnable action);

    <T> T calculateWrite(Supplier<T> action);

    // --- lookups ------------------------------------------------------------------------------

    /** Triples matching a pattern; a null part is a wildcard. (s, r, null) is what conflict detection needs. */
    List<Triple> match(String subject, String relation, Term object);

    default List<Triple> objects(String subject, String relation) {
        return match(subject, relation, null);
    }

    default List<Triple> subjects(String relation, Term object) {
        return match(null, relation, object);
    }

    boolean contains(Triple triple);

    /** Outgoing and incoming triples of one entity (empty lists when it is unknown). */
    Neighbourhood neighbourhood(String entity);

    /** Whether the entity occurs in any triple or has a label. */
    boolean hasEntity(String entity);

    /** The rdfs:label of an entity, or its local name with spaces when it has none. */
    String label(String entity);

    /**
     * Case-insensitive label search for entity linking: exact matches (after trimming, case and
     * underscore/space folding) first, then entities whose label contains the text; at most limit.
     */
    List<LabelMatch> searchLabels(String text, int limit);

    /** Number of triples (not counting schema or revision bookkeeping). */
    long size();

    // --- schema -------------------------------------------------------------------------------

    Optional<RelationInfo> relation(String name);

    List<RelationInfo> relations();

    /** Adds or replaces a relation's schema, as its own revision-less schema write. */
    void putRelation(RelationInfo info);

    // --- changes and revisions ----------------------------------------------------------------

    /**
     * Applies a change set atomically as a new revision: removes, then adds. Removing an absent
     * triple or adding a present one is not an error (the recorded change set keeps only the
     * effective changes). An empty change set still makes a revision.
     */
    Revision apply(ChangeSet changes, String author);

    /** Current revision number (0 before the first commit). */
    long currentRevision();

    /** All revisions, oldest first. */
    List<Revision> history();

    Optional<Revision> revision(long number);

    /** Applies the inverse of a revision's change set as a new revision. */
    Revision revert(long revision, String author);

    // --- SPARQL -------------------------------------------------------------------------------

    /**
     * The read-only SPARQL view of this graph (the TDB2 dataset itself, or the Jena replica of
     * the Neo4j backend), with the timeout and SERVICE refusal applied.
     */
    SparqlEndpoint sparql();

    @Override
    void close();
}
