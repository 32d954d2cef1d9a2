package dev.concord.kg;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

    /**
     * States {@code a owl:equivalentProperty b} (both sides record it; both relations are declared
     * if new). Returns false when they were already aligned.
     */
    default boolean align(String a, String b) {
        String x = Names.normalise(a);
        String y = Names.normalise(b);
        if (x.equals(y)) {
            throw new KgException("a relation cannot be aligned with itself: " + x);
        }
        RelationInfo rx = relation(x).orElseGet(() -> RelationInfo.plain(x));
        RelationInfo ry = relation(y).orElseGet(() -> RelationInfo.plain(y));
        if (rx.equivalents().contains(y) && ry.equivalents().contains(x)) {
            return false;
        }
        java.util.List<String> ex = new java.util.ArrayList<>(rx.equivalents());
        ex.add(y);
        java.util.List<String> ey = new java.util.ArrayList<>(ry.equivalents());
        ey.add(x);
        putRelation(rx.withEquivalents(ex));
        putRelation(ry.withEquivalents(ey));
        return true;
    }

    /** Removes {@code a owl:equivalentProperty b} from both sides; false when they were not aligned. */
    default boolean unalign(String a, String b) {
        String x = Names.normalise(a);
        String y = Names.normalise(b);
        java.util.Optional<RelationInfo> rx = relation(x);
        java.util.Optional<RelationInfo> ry = relation(y);
        boolean was = rx.map(r -> r.equivalents().contains(y)).orElse(false)
                || ry.map(r -> r.equivalents().contains(x)).orElse(false);
        rx.ifPresent(r -> putRelation(r.withEquivalents(r.equivalents().stream().filter(e -> !e.equals(y)).toList())));
        ry.ifPresent(r -> putRelation(r.withEquivalents(r.equivalents().stream().filter(e -> !e.equals(x)).toList())));
        return was;
    }

    /**
     * The relation and every relation aligned with it, directly or through others (sorted, the
     * relation itself included).
     */
    default java.util.List<String> aligned(String relation) {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(java.util.List.of(Names.normalise(relation)));
        while (!todo.isEmpty() && seen.size() < 64) {
            String r = todo.pop();
            if (seen.add(r)) {
                relation(r).ifPresent(info -> todo.addAll(info.equivalents()));
            }
        }
        return java.util.List.copyOf(seen);
    }

    /**
     * States {@code narrower rdfs:subPropertyOf broader} ({@code wife} under {@code spouse}); both are
     * declared if new. Returns false when it was already stated. Refuses a cycle (the broader relation
     * already under the narrower one): relations that are under each other mean the same, so align them.
     */
    default boolean subsume(String narrower, String broader) {
        String x = Names.normalise(narrower);
        String y = Names.normalise(broader);
        if (x.equals(y) || aligned(x).contains(y)) {
            throw new KgException("a relation cannot be under itself or a relation aligned with it: " + x + ", " + y);
        }
        if (above(y).contains(x)) {
            throw new KgException(y + " is already under " + x + "; relations under each other mean the same: "
                    + "align them instead");
        }
        RelationInfo rx = relation(x).orElseGet(() -> RelationInfo.plain(x));
        if (relation(y).isEmpty()) {
            putRelation(RelationInfo.plain(y));
        }
        if (rx.broader().contains(y)) {
            return false;
        }
        List<String> up = new ArrayList<>(rx.broader());
        up.add(y);
        putRelation(rx.withBroader(up));
        return true;
    }

    /** Removes {@code narrower rdfs:subPropertyOf broader}; false when it was not stated. */
    default boolean unsubsume(String narrower, String broader) {
        String x = Names.normalise(narrower);
        String y = Names.normalise(broader);
        Optional<RelationInfo> rx = relation(x);
        if (rx.isEmpty() || !rx.get().broader().contains(y)) {
            return false;
        }
        putRelation(rx.get().withBroader(rx.get().broader().stream().filter(b -> !b.equals(y)).toList()));
        return true;
    }

    /**
     * The relations above {@code relation} (rdfs:subPropertyOf, transitively, through aligned relations
     * too), without the relation's own aligned set; sorted.
     */
    default List<String> above(String relation) {
        java.util.Set<String> own = new java.util.HashSet<>(aligned(relation));
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(own);
        java.util.Set<String> visited = new java.util.HashSet<>();
        while (!todo.isEmpty() && visited.size() < 256) {
            String r = todo.pop();
            if (!visited.add(r)) {
                continue;
            }
            relation(r).ifPresent(info -> {
                for (String b : info.broader()) {
                    for (String a : aligned(b)) {
                        if (!own.contains(a) && seen.add(a)) {
                            todo.add(a);
                        }
                    }
                }
            });
        }
        return List.copyOf(seen);
    }

    /**
     * Every relation whose facts are facts of {@code relation}: the relation, its aligned set, and the
     * relations under any of them (rdfs:subPropertyOf, transitively), sorted. Asking for {@code spouse}
     * reads these; asking for {@code wife} reads only wife's aligned set and what is under it.
     */
    default List<String> covering(String relation) {
        List<RelationInfo> all = relations();
        Map<String, List<String>> under = new java.util.HashMap<>();
        for (RelationInfo r : all) {
            for (String b : r.broader()) {
                under.computeIfAbsent(b, k -> new ArrayList<>()).add(r.name());
            }
        }
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(Names.normalise(relation)));
        while (!todo.isEmpty() && seen.size() < 256) {
            String r = todo.pop();
            for (String a : aligned(r)) {
                if (seen.add(a)) {
                    todo.addAll(under.getOrDefault(a, List.of()));
                }
            }
        }
        return List.copyOf(seen);
    }

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

    /** Sets an entity's rdfs:label (its human form); not versioned. */
    default void setLabel(String entity, String label) {
        throw new KgException("this knowledge graph does not store labels; found '" + label + "' for " + entity);
    }

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

    /**
     * Runs {@code body} with the relation schema read once: {@link #relations()} and
     * {@link #relation} inside it (on this thread) answer from one snapshot, which a backend that
     * reads its schema over the network turns into one round trip instead of one per call. The
     * caller holds what keeps other writers from changing the schema meanwhile (the edit lock);
     * this graph's own schema writes inside it refresh the snapshot. By default it just runs.
     */
    default <T> T withSchemaSnapshot(Supplier<T> body) {
        return body.get();
    }

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

    /**
     * Adds many triples in batches, one write transaction and one revision per batch of
     * {@code batchSize} (the bulk import path). Returns the revisions made, oldest first.
     */
    default List<Revision> bulkAdd(Iterator<Triple> triples, String author, int batchSize) {
        if (batchSize < 1) {
            throw new KgException("batch size must be >= 1, found " + batchSize);
        }
        List<Revision> made = new ArrayList<>();
        List<Triple> batch = new ArrayList<>(Math.min(batchSize, 1 << 16));
        while (triples.hasNext()) {
            batch.add(triples.next());
            if (batch.size() == batchSize) {
                made.add(apply(new ChangeSet(batch, List.of()), author));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            made.add(apply(new ChangeSet(batch, List.of()), author));
        }
        return made;
    }

    /** {@link #bulkAdd(Iterator, String, int)} for facts that are distinct already, in the set's order. */
    default List<Revision> bulkAdd(java.util.Set<Triple> distinct, String author, int batchSize) {
        return bulkAdd(distinct.iterator(), author, batchSize);
    }

    // --- qualifiers -----------------------------------------------------------------------------

    /**
     * Qualifiers annotating a triple (for example {@code startYear} and {@code endYear} from
     * YAGO), by name; empty when it has none. In Jena they are RDF 1.2 annotations
     * ({@code << s p o >> concord:startYear "1978"^^xsd:gYear}), in Neo4j relationship properties.
     */
    default Map<String, Term.Literal> qualifiers(Triple triple) {
        return Map.of();
    }

    /**
     * Sets qualifiers on a triple the graph holds (replacing ones of the same name). They are
     * not versioned: removing the triple removes them. Fails when the triple is absent.
     */
    default void qualify(Triple triple, Map<String, Term.Literal> qualifiers) {
        throw new KgException("this knowledge graph does not store qualifiers; found " + qualifiers.keySet() + " for " + triple);
    }

    /** {@link #qualify} for many triples at once, in one write transaction (importers use it). */
    default void qualifyAll(Map<Triple, Map<String, Term.Literal>> qualifiers) {
        executeWrite(() -> qualifiers.forEach(this::qualify));
    }

    /** Counts of facts, entities, relations and the current revision. */
    default KgStats stats() {
        return calculateRead(() -> {
            List<Triple> all = match(null, null, null);
            long entities = all.stream()
                    .flatMap(t -> t.object() instanceof Term.Entity e ? java.util.stream.Stream.of(t.subject(), e.name())
                            : java.util.stream.Stream.of(t.subject()))
                    .distinct().count();
            return new KgStats(all.size(), entities, relations().size(), currentRevision());
        });
    }

    // --- SPARQL -------------------------------------------------------------------------------

    /**
     * The read-only SPARQL view of this graph (the TDB2 dataset itself, or the Jena replica of
     * the Neo4j backend), with the timeout and SERVICE refusal applied.
     */
    SparqlEndpoint sparql();

    @Override
    void close();
}
