package dev.concord.kg.neo4j;

import static dev.concord.kg.neo4j.Neo4jTransactions.literalKey;
import static dev.concord.kg.neo4j.Neo4jTransactions.rows;
import static dev.concord.kg.neo4j.Neo4jTransactions.run;
import static dev.concord.kg.neo4j.Neo4jTransactions.type;

import dev.concord.kg.ChangeSet;
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
import dev.concord.kg.jena.JenaBacked;
import dev.concord.kg.jena.JenaKnowledgeGraph;
import dev.concord.kg.jena.JenaSchema;
import dev.concord.kg.jena.JenaSparqlEndpoint;
import dev.concord.kg.jena.JenaTerms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The Neo4j 5 backend, through the Java driver with callback transactions.
 *
 * <p>Model: an entity is a node {@code (:Entity {name, label})}; a fact is a relationship whose
 * type is the relation name (always written between backticks, so any name
 * {@link Names#normalise} accepts is safe); a literal object is a node
 * {@code (:Literal {key, lexical, datatype})} shared by every fact that points at the same
 * value. Literal nodes (rather than properties on the subject) keep every fact a relationship,
 * so one pattern {@code (s)-[r]->(o)} finds all of them, multi-valued relations need no lists,
 * and qualifiers sit on the relationship like any other fact's ({@code q:startYear} holding the
 * lexical form and {@code dt:startYear} the datatype). The schema is
 * {@code (:Relation {name, label, functional, symmetric, inverse, chain, altLabels, templates})}
 * and revisions {@code (:Revision {number, time, author, added, removed})} with a
 * {@code (:RevisionCounter)} node whose update serialises revision numbers across processes.
 *
 * <p>SPARQL runs on a Jena replica (Jena's transactional in-memory dataset, or TDB2 under a directory) rebuilt from Neo4j on
 * open and updated after each commit with exactly what the transaction changed; writes in this
 * process are serialised by a lock so the replica sees commits in order.
 */
public final class Neo4jKnowledgeGraph implements KnowledgeGraph, JenaBacked {
    private final Driver driver;
    private final DatasetGraph replica;
    private final boolean replicaOnDisk;
    private final JenaSparqlEndpoint sparql;
    private final Neo4jTransactions txs;
    private final Neo4jSchema schema;
    private final Neo4jQualifiers qualifierStore;
    private final Neo4jRevisions revisions;

    private Neo4jKnowledgeGraph(Driver driver, DatasetGraph replica, boolean replicaOnDisk, Duration timeout) {
        this.driver = driver;
        this.replica = replica;
        this.replicaOnDisk = replicaOnDisk;
        this.sparql = new JenaSparqlEndpoint(replica, timeout);
        this.txs = new Neo4jTransactions(driver, replica);
        this.schema = new Neo4jSchema(txs);
        this.qualifierStore = new Neo4jQualifiers(txs);
        this.revisions = new Neo4jRevisions(txs);
        txs.onReplicaFailure(this::rebuildReplica);
    }

    /**
     * Connects to Neo4j, creates the constraints the model needs, and rebuilds the SPARQL replica
     * (in memory when {@code replicaDir} is null, else TDB2 in that directory).
     */
    public static Neo4jKnowledgeGraph connect(String uri, String user, String password, Path replicaDir,
                                              Duration sparqlTimeout) {
        Driver driver;
        try {
            driver = GraphDatabase.driver(uri, AuthTokens.basic(user == null ? "neo4j" : user,
                    password == null ? "" : password), Config.builder().withLogging(new Slf4jDriverLogging()).build());
            driver.verifyConnectivity();
        } catch (RuntimeException e) {
            throw new KgException("cannot connect to Neo4j at " + uri + ": " + e.getMessage(), e);
        }
        DatasetGraph replica;
        try {
            if (replicaDir == null) {
                // Jena's transactional in-memory dataset: much faster to update than TDB2 in memory.
                replica = org.apache.jena.sparql.core.DatasetGraphFactory.createTxnMem();
            } else {
                Files.createDirectories(replicaDir);
                replica = DatabaseMgr.connectDatasetGraph(Location.create(replicaDir.toString()));
            }
        } catch (Exception e) {
            driver.close();
            throw new KgException("cannot open the SPARQL replica in " + replicaDir + ": " + e.getMessage(), e);
        }
        Neo4jKnowledgeGraph kg = new Neo4jKnowledgeGraph(driver, replica, replicaDir != null, sparqlTimeout);
        try {
            kg.createConstraints();
            kg.rebuildReplica();
        } catch (RuntimeException e) {
            kg.close();
            throw e instanceof KgException ? e : new KgException("cannot open the Neo4j graph: " + e.getMessage(), e);
        }
        return kg;
    }

    private void createConstraints() {
        try (Session s = driver.session()) {
            for (String c : List.of(
                    "CREATE CONSTRAINT concord_entity IF NOT EXISTS FOR (e:Entity) REQUIRE e.name IS UNIQUE",
                    "CREATE CONSTRAINT concord_literal IF NOT EXISTS FOR (l:Literal) REQUIRE l.key IS UNIQUE",
                    "CREATE CONSTRAINT concord_relation IF NOT EXISTS FOR (r:Relation) REQUIRE r.name IS UNIQUE",
                    "CREATE CONSTRAINT concord_revision IF NOT EXISTS FOR (r:Revision) REQUIRE r.number IS UNIQUE",
                    "CREATE CONSTRAINT concord_counter IF NOT EXISTS FOR (c:RevisionCounter) REQUIRE c.id IS UNIQUE")) {
                s.run(c).consume();
            }
        }
    }

    // --- transactions -----------------------------------------------------------------------

    private void checkOpen() {
        txs.checkOpen();
    }

    @Override
    public void executeRead(Runnable action) {
        txs.read(tx -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateRead(Supplier<T> action) {
        return txs.read(tx -> action.get());
    }

    @Override
    public void executeWrite(Runnable action) {
        txs.write(tx -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateWrite(Supplier<T> action) {
        return txs.write(tx -> action.get());
    }

    // --- lookups ------------------------------------------------------------------------------

    @Override
    public List<Triple> match(String subject, String relation, Term object) {
        Map<String, Object> p = new HashMap<>();
        StringBuilder q = new StringBuilder("MATCH (s:Entity");
        if (subject != null) {
            q.append(" {name: $s}");
            p.put("s", Names.normalise(subject));
        }
        q.append(")-[r");
        if (relation != null) {
            q.append(':').append(type(Names.normalise(relation)));
        }
        q.append("]->(o");
        if (object instanceof Term.Entity e) {
            q.append(":Entity {name: $o}");
            p.put("o", e.name());
        } else if (object instanceof Term.Literal l) {
            q.append(":Literal {key: $o}");
            p.put("o", literalKey(l));
        }
        q.append(")").append(Neo4jTransactions.RETURN_TRIPLE);
        return txs.read(tx -> {
            List<Triple> out = new ArrayList<>(run(tx, q.toString(), p).list(Neo4jTransactions::toTriple));
            out.sort(JenaKnowledgeGraph.ORDER);
            return out;
        });
    }

    @Override
    public boolean contains(Triple triple) {
        return !match(triple.subject(), triple.relation(), triple.object()).isEmpty();
    }

    @Override
    public Neighbourhood neighbourhood(String entity) {
        String e = Names.normalise(entity);
        return txs.read(tx -> new Neighbourhood(e, match(e, null, null), match(null, null, Term.entity(e))));
    }

    @Override
    public boolean hasEntity(String entity) {
        String e = Names.normalise(entity);
        return txs.read(tx -> run(tx, "MATCH (e:Entity {name: $e}) RETURN count(e) AS n", Map.of("e", e))
                .single().get("n").asLong() > 0);
    }

    @Override
    public String label(String entity) {
        String e = Names.normalise(entity);
        return txs.read(tx -> {
            List<Record> r = run(tx, "MATCH (e:Entity {name: $e}) RETURN e.label AS label", Map.of("e", e)).list();
            return r.isEmpty() || r.get(0).get("label").isNull() ? Names.label(e) : r.get(0).get("label").asString();
        });
    }

    @Override
    public void setLabel(String entity, String label) {
        String e = Names.normalise(entity);
        if (label == null || label.isBlank()) {
            throw new KgException("a label must not be blank, found '" + label + "' for " + e);
        }
        String l = label.strip();
        txs.write(tx -> {
            run(tx, "MERGE (e:Entity {name: $e}) SET e.label = $l", Map.of("e", e, "l", l)).consume();
            txs.onCommit(g -> {
                g.remove(JenaTerms.entity(e), JenaTerms.RDFS_LABEL, Node.ANY);
                g.add(JenaTerms.entity(e), JenaTerms.RDFS_LABEL, NodeFactory.createLiteralString(l));
            });
            return null;
        });
    }

    @Override
    public List<LabelMatch> searchLabels(String text, int limit) {
        if (text == null || text.isBlank() || limit <= 0) {
            return List.of();
        }
        return txs.read(tx -> {
            List<String[]> candidates = run(tx, "MATCH (e:Entity) RETURN e.name AS n, e.label AS l", Map.of())
                    .list(r -> new String[] {r.get("n").asString(), r.get("l").isNull() ? null : r.get("l").asString()});
            return JenaKnowledgeGraph.rankLabels(candidates, text, limit);
        });
    }

    @Override
    public long size() {
        return txs.read(tx -> run(tx, "MATCH (:Entity)-[r]->() RETURN count(r) AS n", Map.of()).single().get("n").asLong());
    }

    @Override
    public KgStats stats() {
        return txs.read(tx -> {
            long entities = run(tx, "MATCH (e:Entity) RETURN count(e) AS n", Map.of()).single().get("n").asLong();
            long relations = run(tx, "MATCH (r:Relation) RETURN count(r) AS n", Map.of()).single().get("n").asLong();
            return new KgStats(size(), entities, relations, currentRevision());
        });
    }

    // --- qualifiers (Neo4jQualifiers) -------------------------------------------------------------

    @Override
    public Map<String, Term.Literal> qualifiers(Triple triple) {
        return qualifierStore.qualifiers(triple);
    }

    @Override
    public void qualify(Triple triple, Map<String, Term.Literal> qualifiers) {
        qualifierStore.qualify(triple, qualifiers);
    }

    @Override
    public void qualifyAll(Map<Triple, Map<String, Term.Literal>> qualifiers) {
        qualifierStore.qualifyAll(qualifiers);
    }

    // --- schema (Neo4jSchema) --------------------------------------------------------------------

    @Override
    public Optional<RelationInfo> relation(String name) {
        List<RelationInfo> snapshot = schemaSnapshot.get();
        if (snapshot != null) {
            String n = Names.normalise(name);
            return snapshot.stream().filter(r -> r.name().equals(n)).findFirst();
        }
        return schema.relation(name);
    }

    @Override
    public List<RelationInfo> relations() {
        List<RelationInfo> snapshot = schemaSnapshot.get();
        return snapshot != null ? snapshot : schema.relations();
    }

    /** The schema read once for the calling thread's {@link #withSchemaSnapshot} (null outside one). */
    private final ThreadLocal<List<RelationInfo>> schemaSnapshot = new ThreadLocal<>();

    @Override
    public <T> T withSchemaSnapshot(Supplier<T> body) {
        if (schemaSnapshot.get() != null) {
            return body.get();
        }
        schemaSnapshot.set(schema.relations());
        try {
            return body.get();
        } finally {
            schemaSnapshot.remove();
        }
    }

    /** After a schema write inside {@link #withSchemaSnapshot}: read it again. */
    private void refreshSnapshot() {
        if (schemaSnapshot.get() != null) {
            schemaSnapshot.set(schema.relations());
        }
    }

    @Override
    public void putRelation(RelationInfo info) {
        schema.putRelation(info);
        refreshSnapshot();
    }

    // --- changes and revisions ----------------------------------------------------------------

    @Override
    public Revision apply(ChangeSet changes, String author) {
        ChangeSet.requireApplicable(changes, author);
        // Validate literals before the transaction, as the TDB2 backend does.
        changes.added().forEach(JenaTerms::jena);
        changes.removed().forEach(JenaTerms::jena);
        Revision made = txs.write(tx -> {
            List<Integer> removedIdx = new ArrayList<>();
            for (Map.Entry<Neo4jTransactions.Group, List<Map<String, Object>>> g : rows(changes.removed()).entrySet()) {
                String object = g.getKey().literal() ? "(o:Literal {key: row.o})" : "(o:Entity {name: row.o})";
                removedIdx.addAll(run(tx, "UNWIND $rows AS row MATCH (s:Entity {name: row.s})-[x:"
                        + type(g.getKey().relation()) + "]->" + object + " DELETE x RETURN row.i AS i",
                        Map.of("rows", g.getValue())).list(r -> r.get("i").asInt()));
            }
            schema.declare(tx, changes.added().stream().map(Triple::relation).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
            // A large change set merges each entity once, then finds both ends by the unique index
            // (a MERGE per row and end takes an index-entry lock each time); a small one does it in one statement.
            boolean large = changes.added().size() >= LARGE_CHANGE;
            Map<String, String> elementIds = new HashMap<>();
            if (large) {
                Map<String, String> entities = new LinkedHashMap<>();
                for (Triple t : changes.added()) {
                    entities.putIfAbsent(t.subject(), Names.label(t.subject()));
                    if (t.object() instanceof Term.Entity e) {
                        entities.putIfAbsent(e.name(), Names.label(e.name()));
                    }
                }
                List<Map<String, Object>> rows = new ArrayList<>(entities.size());
                entities.forEach((n, l) -> rows.add(Map.of("n", n, "l", l)));
                for (List<Map<String, Object>> chunk : chunks(rows)) {
                    run(tx, "UNWIND $rows AS row MERGE (e:Entity {name: row.n}) ON CREATE SET e.label = row.l "
                            + "RETURN row.n AS n, elementId(e) AS id", Map.of("rows", chunk))
                            .list().forEach(r -> elementIds.put(r.get("n").asString(), r.get("id").asString()));
                }
            }
            Set<Integer> firsts = new HashSet<>();
            Set<Triple> seen = new HashSet<>();
            for (int i = 0; i < changes.added().size(); i++) {
                if (seen.add(changes.added().get(i))) {
                    firsts.add(i);
                }
            }
            // Large: both ends by element id (a direct seek, no index), from the merge above.
            String subject = large ? "MATCH (s) WHERE elementId(s) = row.sid " : "MERGE (s:Entity {name: row.s}) ON CREATE SET s.label = row.sl ";
            List<Integer> addedIdx = new ArrayList<>();
            for (Map.Entry<Neo4jTransactions.Group, List<Map<String, Object>>> g : rows(changes.added()).entrySet()) {
                String object = g.getKey().literal()
                        ? "MERGE (o:Literal {key: row.o}) ON CREATE SET o.lexical = row.lex, o.datatype = row.dt "
                        : large ? "MATCH (o) WHERE elementId(o) = row.oid " : "MERGE (o:Entity {name: row.o}) ON CREATE SET o.label = row.ol ";
                String t = type(g.getKey().relation());
                // A fact listed twice is created once: in one statement, both rows would pass NOT EXISTS.
                List<Map<String, Object>> distinct = g.getValue().stream().filter(r -> firsts.contains((Integer) r.get("i")))
                        .map(r -> large ? withElementIds(r, elementIds) : r).toList();
                // A large change set of a relation the graph holds no fact of yet (an import's new relations)
                // cannot meet an existing fact: no check per row (the count comes from Neo4j's count store).
                boolean fresh = large && run(tx, "MATCH ()-[x:" + t + "]->() RETURN count(x) AS n", Map.of())
                        .single().get("n").asLong() == 0;
                String unlessThere = fresh ? "" : "WITH s, o, row WHERE NOT EXISTS { (s)-[:" + t + "]->(o) } ";
                for (List<Map<String, Object>> chunk : chunks(distinct)) {
                    addedIdx.addAll(run(tx, "UNWIND $rows AS row " + subject
                            + object + unlessThere
                            + "CREATE (s)-[:" + t + "]->(o) RETURN row.i AS i", Map.of("rows", chunk))
                            .list(r -> r.get("i").asInt()));
                }
            }
            removedIdx.sort(null);
            addedIdx.sort(null);
            List<Triple> effRemoved = removedIdx.stream().map(changes.removed()::get).toList();
            List<Triple> effAdded = addedIdx.stream().map(changes.added()::get).toList();
            txs.onCommit(g -> {
                for (Triple t : effRemoved) {
                    org.apache.jena.graph.Triple j = JenaTerms.jena(t);
                    JenaSchema.removeAnnotations(g, j);
                    g.delete(j);
                }
                Set<String> declared = new HashSet<>();
                Set<String> labelled = new HashSet<>();
                for (Triple t : effAdded) {
                    if (declared.add(t.relation())) {
                        JenaSchema.declare(g, t.relation());
                    }
                    if (labelled.add(t.subject())) {
                        JenaSchema.ensureLabel(g, t.subject());
                    }
                    if (t.object() instanceof Term.Entity e && labelled.add(e.name())) {
                        JenaSchema.ensureLabel(g, e.name());
                    }
                    g.add(JenaTerms.jena(t));
                }
            });
            return revisions.record(tx, new ChangeSet(effAdded, effRemoved), author);
        });
        List<RelationInfo> snapshot = schemaSnapshot.get();
        if (snapshot != null && changes.added().stream().anyMatch(t -> snapshot.stream().noneMatch(r -> r.name().equals(t.relation())))) {
            refreshSnapshot(); // the apply declared a relation
        }
        return made;
    }

    /** Added facts from which a change set merges its entities first (see {@link #apply}). */
    private static final int LARGE_CHANGE = 1_000;
    /** Rows per UNWIND statement. */
    private static final int CHUNK = 10_000;

    private static Map<String, Object> withElementIds(Map<String, Object> row, Map<String, String> elementIds) {
        Map<String, Object> out = new HashMap<>(row);
        out.put("sid", elementIds.get((String) row.get("s")));
        if (row.containsKey("ol")) {
            out.put("oid", elementIds.get((String) row.get("o")));
        }
        return out;
    }

    private static <T> List<List<T>> chunks(List<T> rows) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            out.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
        }
        return out;
    }

    @Override
    public Revision revert(long revision, String author) {
        return txs.write(tx -> {
            Revision r = revision(revision).orElseThrow(() -> new KgException(
                    "cannot revert revision " + revision + ": expected 1.." + currentRevision()));
            return apply(r.changes().inverse(), author);
        });
    }

    // --- revisions (Neo4jRevisions) ----------------------------------------------------------------

    @Override
    public long currentRevision() {
        return revisions.currentRevision();
    }

    @Override
    public List<Revision> history() {
        return revisions.history();
    }

    @Override
    public Optional<Revision> revision(long number) {
        return revisions.revision(number);
    }

    // --- replica, SPARQL and lifecycle --------------------------------------------------------

    /** Replaces the replica's content with what Neo4j holds now: schema, labels, facts and qualifiers. */
    public void rebuildReplica() {
        txs.rebuildLocked(() -> {
            long clock = txs.clock(); // read first: a write during the rebuild leaves the replica behind, not wrong
            Neo4jReplica.rebuild(driver, replica, relations());
            txs.reflected(clock);
        });
    }

    /**
     * Brings the SPARQL replica in step when another process sharing this Neo4j wrote since it was
     * (the write clock in Neo4j is ahead): a rebuild from Neo4j. One read of the clock otherwise.
     */
    public void syncReplica() {
        if (txs.replicaBehind()) {
            rebuildReplica();
        }
    }

    @Override
    public DatasetGraph dataset() {
        return replica;
    }

    @Override
    public SparqlEndpoint sparql() {
        checkOpen();
        syncReplica();
        return sparql;
    }

    @Override
    public synchronized void close() {
        if (!txs.close()) {
            return;
        }
        try {
            driver.close();
        } finally {
            if (replicaOnDisk) {
                TDBInternal.expel(replica);
            } else {
                replica.close();
            }
        }
    }
}
