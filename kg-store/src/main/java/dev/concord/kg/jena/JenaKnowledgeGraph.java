package dev.concord.kg.jena;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.Iris;
import dev.concord.kg.KgException;
import dev.concord.kg.KgStats;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.LabelMatch;
import dev.concord.kg.Names;
import dev.concord.kg.Neighbourhood;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Revision;
import dev.concord.kg.SparqlEndpoint;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.store.nodetupletable.NodeTupleTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default backend: a Jena TDB2 dataset (on disk, or in memory for tests).
 *
 * <p>Layout: the default graph holds the facts ({@code e:S r:rel e:O} or a literal object),
 * entity labels (rdfs:label) and the relation schema as OWL ({@link JenaSchema}); the named
 * graph {@link Iris#REVISIONS_GRAPH} holds one node per revision (number, time, author and
 * its effective change set as N-Triples text, which keeps the order and costs one quad) and
 * the revision counter. TDB2 gives multiple readers and one serialised writer; transactions are
 * per thread, so a call inside {@link #executeWrite} reuses the caller's transaction.
 */
public final class JenaKnowledgeGraph implements KnowledgeGraph, JenaBacked {
    private static final Logger LOG = LoggerFactory.getLogger(JenaKnowledgeGraph.class);
    static final Node COUNTER = NodeFactory.createURI(Iris.REVISION);
    static final Node CURRENT = JenaTerms.schema("currentRevision");
    static final Node NUMBER = JenaTerms.schema("number");
    static final Node TIME = JenaTerms.schema("time");
    static final Node AUTHOR = JenaTerms.schema("author");
    static final Node ADDED = JenaTerms.schema("added");
    static final Node REMOVED = JenaTerms.schema("removed");
    static final Node REVISION_CLASS = JenaTerms.schema("Revision");

    private final DatasetGraph dsg;
    private final boolean onDisk;
    private final Graph facts;
    private final Graph revisions;
    private final JenaSparqlEndpoint sparql;
    private volatile boolean closed;
    /**
     * Held by every write transaction and by a bulk load from its check to its end, so that no commit
     * falls between the load's reading of the store and its writing (TDB2 has one writer anyway).
     */
    private final ReentrantLock writers = new ReentrantLock();

    private JenaKnowledgeGraph(DatasetGraph dsg, boolean onDisk, Duration sparqlTimeout) {
        this.dsg = dsg;
        this.onDisk = onDisk;
        this.facts = dsg.getDefaultGraph();
        this.revisions = dsg.getGraph(JenaTerms.REVISIONS_GRAPH);
        this.sparql = new JenaSparqlEndpoint(dsg, sparqlTimeout);
    }

    /** Opens (creating if needed) a TDB2 database in {@code dir}. */
    public static JenaKnowledgeGraph open(Path dir, Duration sparqlTimeout) {
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new KgException("cannot create the TDB2 directory " + dir + ": " + e.getMessage(), e);
        }
        try {
            return new JenaKnowledgeGraph(DatabaseMgr.connectDatasetGraph(Location.create(dir.toString())), true,
                    sparqlTimeout);
        } catch (RuntimeException e) {
            throw new KgException("cannot open the TDB2 database in " + dir + " (is another process using it?): "
                    + e.getMessage(), e);
        }
    }

    /** A fresh TDB2 dataset held in memory: same transactions and indexes, nothing on disk. */
    public static JenaKnowledgeGraph inMemory(Duration sparqlTimeout) {
        return new JenaKnowledgeGraph(DatabaseMgr.createDatasetGraph(), false, sparqlTimeout);
    }

    // --- transactions -----------------------------------------------------------------------

    private void checkOpen() {
        if (closed) {
            throw new KgException("the knowledge graph is closed");
        }
    }

    private <T> T read(Supplier<T> action) {
        checkOpen();
        if (dsg.isInTransaction()) {
            return action.get();
        }
        dsg.begin(TxnType.READ);
        try {
            return action.get();
        } finally {
            dsg.end();
        }
    }

    private <T> T write(Supplier<T> action) {
        checkOpen();
        if (dsg.isInTransaction()) {
            if (dsg.transactionMode() != ReadWrite.WRITE) {
                throw new KgException("a write was called inside a read transaction; expected it inside executeWrite");
            }
            return action.get();
        }
        writers.lock();
        try {
            dsg.begin(TxnType.WRITE);
            try {
                T result = action.get();
                dsg.commit();
                return result;
            } catch (Throwable t) {
                dsg.abort();
                throw t;
            } finally {
                dsg.end();
            }
        } finally {
            writers.unlock();
        }
    }

    @Override
    public void executeRead(Runnable action) {
        read(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateRead(Supplier<T> action) {
        return read(action);
    }

    @Override
    public void executeWrite(Runnable action) {
        write(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateWrite(Supplier<T> action) {
        return write(action);
    }

    @Override
    public DatasetGraph dataset() {
        return dsg;
    }

    // --- lookups ------------------------------------------------------------------------------

    public static final Comparator<Triple> ORDER = Comparator.comparing(Triple::relation)
            .thenComparing(Triple::subject)
            .thenComparing(t -> t.object().value());

    @Override
    public List<Triple> match(String subject, String relation, Term object) {
        Node s = subject == null ? Node.ANY : JenaTerms.entity(Names.normalise(subject));
        Node p = relation == null ? Node.ANY : JenaTerms.relation(Names.normalise(relation));
        Node o = object == null ? Node.ANY : JenaTerms.node(object);
        return read(() -> {
            List<Triple> out = new ArrayList<>();
            Iter.iter(facts.find(s, p, o)).forEach(t -> {
                Triple f = JenaTerms.fact(t);
                if (f != null) {
                    out.add(f);
                }
            });
            out.sort(ORDER);
            return out;
        });
    }

    @Override
    public boolean contains(Triple triple) {
        org.apache.jena.graph.Triple t = JenaTerms.jena(triple);
        return read(() -> facts.contains(t));
    }

    @Override
    public Neighbourhood neighbourhood(String entity) {
        String e = Names.normalise(entity);
        return read(() -> new Neighbourhood(e, match(e, null, null), match(null, null, Term.entity(e))));
    }

    @Override
    public boolean hasEntity(String entity) {
        Node e = JenaTerms.entity(Names.normalise(entity));
        return read(() -> facts.contains(e, Node.ANY, Node.ANY) || facts.contains(Node.ANY, Node.ANY, e));
    }

    @Override
    public String label(String entity) {
        String e = Names.normalise(entity);
        return read(() -> facts.find(JenaTerms.entity(e), JenaTerms.RDFS_LABEL, Node.ANY).nextOptional()
                .map(t -> t.getObject().isLiteral() ? t.getObject().getLiteralLexicalForm() : null)
                .orElse(Names.label(e)));
    }

    @Override
    public void setLabel(String entity, String label) {
        String e = Names.normalise(entity);
        if (label == null || label.isBlank()) {
            throw new KgException("a label must not be blank, found '" + label + "' for " + e);
        }
        write(() -> {
            facts.remove(JenaTerms.entity(e), JenaTerms.RDFS_LABEL, Node.ANY);
            facts.add(JenaTerms.entity(e), JenaTerms.RDFS_LABEL, NodeFactory.createLiteralString(label.strip()));
            return null;
        });
    }

    /** Lower case, {@code _} as space, whitespace runs collapsed: the form label search compares. */
    public static String fold(String text) {
        return text.strip().replace('_', ' ').replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<LabelMatch> searchLabels(String text, int limit) {
        if (text == null || text.isBlank() || limit <= 0) {
            return List.of();
        }
        return read(() -> {
            List<String[]> candidates = new ArrayList<>();
            Iter.iter(facts.find(Node.ANY, JenaTerms.RDFS_LABEL, Node.ANY)).forEach(t -> {
                if (JenaTerms.isEntity(t.getSubject()) && t.getObject().isLiteral()) {
                    candidates.add(new String[] {JenaTerms.entityName(t.getSubject()), t.getObject().getLiteralLexicalForm()});
                }
            });
            return rankLabels(candidates, text, limit);
        });
    }

    /**
     * Label search over (local name, label) pairs, shared by the backends: exact matches of the
     * folded text against the folded label or name first, then containment; shorter labels first.
     */
    public static List<LabelMatch> rankLabels(Iterable<String[]> candidates, String text, int limit) {
        if (text == null || text.isBlank() || limit <= 0) {
            return List.of();
        }
        String q = fold(text);
        List<LabelMatch> exact = new ArrayList<>();
        List<LabelMatch> partial = new ArrayList<>();
        for (String[] c : candidates) {
            String name = c[0];
            String label = c[1] == null ? Names.label(name) : c[1];
            String fl = fold(label);
            String fn = fold(name);
            if (fl.equals(q) || fn.equals(q)) {
                exact.add(new LabelMatch(name, label, true));
            } else if (fl.contains(q) || fn.contains(q)) {
                partial.add(new LabelMatch(name, label, false));
            }
        }
        Comparator<LabelMatch> byLength = Comparator.comparingInt((LabelMatch m) -> m.label().length())
                .thenComparing(LabelMatch::entity);
        exact.sort(byLength);
        partial.sort(byLength);
        exact.addAll(partial);
        return List.copyOf(exact.subList(0, Math.min(limit, exact.size())));
    }

    @Override
    public long size() {
        // Every triple whose predicate is a relation is a fact (the store writes no other; importers
        // skip the rest), so the count is over the relation's index entries, as node ids: turning a
        // million of them back into nodes would cost seconds.
        return read(() -> {
            NodeTupleTable triples = TDBInternal.getDatasetGraphTDB(dsg).getTripleTable().getNodeTupleTable();
            long n = 0;
            for (RelationInfo r : JenaSchema.readAll(facts)) {
                n += Iter.count(triples.find(Node.ANY, JenaTerms.relation(r.name()), Node.ANY));
            }
            return n;
        });
    }

    @Override
    public KgStats stats() {
        return read(() -> {
            long entities = Iter.count(Iter.filter(facts.find(Node.ANY, JenaTerms.RDFS_LABEL, Node.ANY),
                    t -> JenaTerms.isEntity(t.getSubject())));
            return new KgStats(size(), entities, JenaSchema.readAll(facts).size(), currentRevision());
        });
    }

    // --- qualifiers -----------------------------------------------------------------------------

    @Override
    public Map<String, Term.Literal> qualifiers(Triple triple) {
        org.apache.jena.graph.Triple t = JenaTerms.jena(triple);
        return read(() -> JenaSchema.qualifiers(facts, t));
    }

    @Override
    public void qualify(Triple triple, Map<String, Term.Literal> qualifiers) {
        org.apache.jena.graph.Triple t = JenaTerms.jena(triple);
        write(() -> {
            if (!facts.contains(t)) {
                throw new KgException("cannot qualify " + triple + ": the graph does not hold it");
            }
            JenaSchema.qualify(facts, t, qualifiers);
            return null;
        });
    }

    // --- schema -------------------------------------------------------------------------------

    @Override
    public Optional<RelationInfo> relation(String name) {
        return read(() -> JenaSchema.read(facts, name));
    }

    @Override
    public List<RelationInfo> relations() {
        return read(() -> JenaSchema.readAll(facts));
    }

    @Override
    public void putRelation(RelationInfo info) {
        write(() -> {
            JenaSchema.write(facts, info);
            return null;
        });
    }

    // --- changes and revisions ----------------------------------------------------------------

    @Override
    public Revision apply(ChangeSet changes, String author) {
        ChangeSet.requireApplicable(changes, author);
        // Convert first: an invalid literal fails before the transaction starts.
        List<org.apache.jena.graph.Triple> removed = changes.removed().stream().map(JenaTerms::jena).toList();
        List<org.apache.jena.graph.Triple> added = changes.added().stream().map(JenaTerms::jena).toList();
        return write(() -> {
            List<Triple> effRemoved = new ArrayList<>();
            List<Triple> effAdded = new ArrayList<>();
            for (int i = 0; i < removed.size(); i++) {
                org.apache.jena.graph.Triple t = removed.get(i);
                if (facts.contains(t)) {
                    JenaSchema.removeAnnotations(facts, t);
                    facts.delete(t);
                    effRemoved.add(changes.removed().get(i));
                }
            }
            Set<String> declared = new HashSet<>();
            Set<String> labelled = new HashSet<>();
            for (int i = 0; i < added.size(); i++) {
                org.apache.jena.graph.Triple t = added.get(i);
                if (facts.contains(t)) {
                    continue;
                }
                Triple f = changes.added().get(i);
                if (declared.add(f.relation()) && JenaSchema.declare(facts, f.relation())) {
                    LOG.debug("relation {} was not in the schema; declared it as a plain relation", f.relation());
                }
                if (labelled.add(f.subject())) {
                    JenaSchema.ensureLabel(facts, f.subject());
                }
                if (f.object() instanceof Term.Entity e && labelled.add(e.name())) {
                    JenaSchema.ensureLabel(facts, e.name());
                }
                facts.add(t);
                effAdded.add(f);
            }
            return record(new ChangeSet(effAdded, effRemoved), author);
        });
    }

    private Revision record(ChangeSet effective, String author) {
        long number = currentRevision() + 1;
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Node rev = NodeFactory.createURI(Iris.REVISION + number);
        revisions.add(rev, JenaTerms.RDF_TYPE, REVISION_CLASS);
        revisions.add(rev, NUMBER, NodeFactory.createLiteralDT(Long.toString(number), XSDDatatype.XSDlong));
        revisions.add(rev, TIME, NodeFactory.createLiteralDT(time.toString(), XSDDatatype.XSDdateTime));
        revisions.add(rev, AUTHOR, NodeFactory.createLiteralString(author));
        revisions.add(rev, ADDED, NodeFactory.createLiteralString(NTriplesText.write(effective.added())));
        revisions.add(rev, REMOVED, NodeFactory.createLiteralString(NTriplesText.write(effective.removed())));
        revisions.remove(COUNTER, CURRENT, Node.ANY);
        revisions.add(COUNTER, CURRENT, NodeFactory.createLiteralDT(Long.toString(number), XSDDatatype.XSDlong));
        return new Revision(number, time, author, effective);
    }

    @Override
    public long currentRevision() {
        // The largest value: right after a bulk load the counter briefly holds two (TdbBulkLoad).
        return read(() -> {
            long max = 0;
            for (var it = revisions.find(COUNTER, CURRENT, Node.ANY); it.hasNext(); ) {
                max = Math.max(max, Long.parseLong(it.next().getObject().getLiteralLexicalForm()));
            }
            return max;
        });
    }

    /**
     * Large additions go through Jena's bulk loader ({@link TdbBulkLoad}): outside a transaction, and
     * when at least {@link TdbBulkLoad#MIN_FACTS} facts are new. Otherwise, and inside
     * {@link #executeWrite}, one write transaction per batch.
     */
    @Override
    public List<Revision> bulkAdd(Iterator<Triple> triples, String author, int batchSize) {
        if (dsg.isInTransaction()) {
            return KnowledgeGraph.super.bulkAdd(triples, author, batchSize);
        }
        return bulkAddJena(TdbBulkLoad.distinct(triples), author, batchSize);
    }

    @Override
    public List<Revision> bulkAdd(Set<Triple> distinct, String author, int batchSize) {
        if (dsg.isInTransaction()) {
            return KnowledgeGraph.super.bulkAdd(distinct.iterator(), author, batchSize);
        }
        List<org.apache.jena.graph.Triple> jena = new ArrayList<>(distinct.size());
        distinct.forEach(t -> jena.add(JenaTerms.jena(t)));
        return bulkAddJena(jena, author, batchSize);
    }

    /**
     * {@link #bulkAdd} for an importer that parsed the facts itself: distinct, each as
     * {@link JenaTerms#canonicalFact} returned it. Returns how many were new; spares building a
     * million {@link Triple}s and {@link Revision}s that an import only counts.
     */
    public long bulkAddParsed(List<org.apache.jena.graph.Triple> distinct, String author, int batchSize) {
        TdbBulkLoad.Result loaded = dsg.isInTransaction() ? null : tryBulkLoad(distinct, author, batchSize);
        if (loaded != null) {
            return loaded.added();
        }
        return KnowledgeGraph.super.bulkAdd(distinct.stream().map(JenaTerms::fact).iterator(), author, batchSize)
                .stream().mapToLong(r -> r.changes().added().size()).sum();
    }

    private List<Revision> bulkAddJena(List<org.apache.jena.graph.Triple> distinct, String author, int batchSize) {
        TdbBulkLoad.Result loaded = tryBulkLoad(distinct, author, batchSize);
        if (loaded == null) {
            return KnowledgeGraph.super.bulkAdd(distinct.stream().map(JenaTerms::fact).iterator(), author, batchSize);
        }
        List<Revision> made = new ArrayList<>();
        long number = loaded.firstRevision();
        for (List<org.apache.jena.graph.Triple> batch : loaded.batches()) {
            made.add(new Revision(number++, loaded.time(), author,
                    new ChangeSet(batch.stream().map(JenaTerms::fact).toList(), List.of())));
        }
        return made;
    }

    /**
     * Large additions go through Jena's bulk loader ({@link TdbBulkLoad}), when at least
     * {@link TdbBulkLoad#MIN_FACTS} facts are new; null (nothing written) otherwise, and the caller
     * writes them in ordinary transactions.
     */
    private TdbBulkLoad.Result tryBulkLoad(List<org.apache.jena.graph.Triple> distinct, String author, int batchSize) {
        if (batchSize < 1) {
            throw new KgException("batch size must be >= 1, found " + batchSize);
        }
        ChangeSet.requireApplicable(ChangeSet.adding(), author);
        checkOpen();
        if (distinct.size() < TdbBulkLoad.MIN_FACTS) {
            return null;
        }
        writers.lock();
        try {
            checkOpen();
            TdbBulkLoad.Result loaded = TdbBulkLoad.load(dsg, facts, distinct, author, batchSize, currentRevision() + 1);
            if (loaded != null) {
                write(() -> {
                    // Keep one counter value (the loader could only add one).
                    long current = currentRevision();
                    revisions.remove(COUNTER, CURRENT, Node.ANY);
                    revisions.add(COUNTER, CURRENT, NodeFactory.createLiteralDT(Long.toString(current), XSDDatatype.XSDlong));
                    return null;
                });
            }
            return loaded;
        } finally {
            writers.unlock();
        }
    }

    @Override
    public List<Revision> history() {
        return read(() -> {
            long current = currentRevision();
            List<Revision> out = new ArrayList<>();
            for (long n = 1; n <= current; n++) {
                revision(n).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public Optional<Revision> revision(long number) {
        Node rev = NodeFactory.createURI(Iris.REVISION + number);
        return read(() -> {
            if (!revisions.contains(rev, NUMBER, Node.ANY)) {
                return Optional.empty();
            }
            Instant time = Instant.parse(value(rev, TIME));
            String author = value(rev, AUTHOR);
            ChangeSet cs = new ChangeSet(NTriplesText.read(value(rev, ADDED)), NTriplesText.read(value(rev, REMOVED)));
            return Optional.of(new Revision(number, time, author, cs));
        });
    }

    private String value(Node subject, Node predicate) {
        return revisions.find(subject, predicate, Node.ANY).nextOptional()
                .map(t -> t.getObject().getLiteralLexicalForm())
                .orElseThrow(() -> new KgException("revision " + subject + " has no " + predicate));
    }

    @Override
    public Revision revert(long revision, String author) {
        return write(() -> {
            Revision r = revision(revision).orElseThrow(() -> new KgException(
                    "cannot revert revision " + revision + ": expected 1.." + currentRevision()));
            return apply(r.changes().inverse(), author);
        });
    }

    // --- SPARQL and lifecycle -----------------------------------------------------------------

    @Override
    public SparqlEndpoint sparql() {
        checkOpen();
        return sparql;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (onDisk) {
            // Release the files so another open (this JVM or another) reads them from disk.
            TDBInternal.expel(dsg);
        } else {
            dsg.close();
        }
    }
}
