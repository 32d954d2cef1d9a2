package dev.concord.kg.neo4j;

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
import dev.concord.kg.jena.NTriplesText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(Neo4jKnowledgeGraph.class);
    private static final String Q = "q:";
    private static final String DT = "dt:";

    private final Driver driver;
    private final DatasetGraph replica;
    private final boolean replicaOnDisk;
    private final JenaSparqlEndpoint sparql;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile boolean closed;

    /** The transaction of the calling thread, and what the replica must do once it commits. */
    private static final class Tx {
        final TransactionContext tx;
        final boolean write;
        final List<Consumer<Graph>> replicaOps = new ArrayList<>();

        Tx(TransactionContext tx, boolean write) {
            this.tx = tx;
            this.write = write;
        }
    }

    private Neo4jKnowledgeGraph(Driver driver, DatasetGraph replica, boolean replicaOnDisk, Duration timeout) {
        this.driver = driver;
        this.replica = replica;
        this.replicaOnDisk = replicaOnDisk;
        this.sparql = new JenaSparqlEndpoint(replica, timeout);
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
        if (closed) {
            throw new KgException("the knowledge graph is closed");
        }
    }

    private <T> T read(Function<TransactionContext, T> body) {
        checkOpen();
        Tx tx = current.get();
        if (tx != null) {
            return body.apply(tx.tx);
        }
        try (Session s = driver.session()) {
            return s.executeRead(txc -> {
                current.set(new Tx(txc, false));
                try {
                    return body.apply(txc);
                } finally {
                    current.remove();
                }
            });
        } catch (Neo4jException e) {
            throw new KgException("Neo4j read failed: " + e.getMessage(), e);
        }
    }

    private <T> T write(Function<TransactionContext, T> body) {
        checkOpen();
        Tx tx = current.get();
        if (tx != null) {
            if (!tx.write) {
                throw new KgException("a write was called inside a read transaction; expected it inside executeWrite");
            }
            return body.apply(tx.tx);
        }
        writeLock.lock();
        try (Session s = driver.session()) {
            List<Consumer<Graph>> ops = new ArrayList<>();
            T result = s.executeWrite(txc -> {
                Tx t = new Tx(txc, true);
                current.set(t);
                try {
                    T r = body.apply(txc);
                    ops.clear();
                    ops.addAll(t.replicaOps);
                    return r;
                } finally {
                    current.remove();
                }
            });
            updateReplica(ops);
            return result;
        } catch (Neo4jException e) {
            throw new KgException("Neo4j write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Queues a replica change; it runs only after the Neo4j transaction commits. */
    private void onCommit(Consumer<Graph> op) {
        current.get().replicaOps.add(op);
    }

    private void updateReplica(List<Consumer<Graph>> ops) {
        if (ops.isEmpty()) {
            return;
        }
        try {
            Txn.executeWrite(replica, () -> {
                Graph g = replica.getDefaultGraph();
                ops.forEach(op -> op.accept(g));
            });
        } catch (RuntimeException e) {
            LOG.error("the SPARQL replica missed a committed change; rebuilding it from Neo4j", e);
            rebuildReplica();
        }
    }

    @Override
    public void executeRead(Runnable action) {
        read(tx -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateRead(Supplier<T> action) {
        return read(tx -> action.get());
    }

    @Override
    public void executeWrite(Runnable action) {
        write(tx -> {
            action.run();
            return null;
        });
    }

    @Override
    public <T> T calculateWrite(Supplier<T> action) {
        return write(tx -> action.get());
    }

    private static Result run(TransactionContext tx, String query, Map<String, Object> params) {
        return tx.run(query, params);
    }

    /** A relationship type between backticks: safe for any name {@link Names#normalise} accepts. */
    static String type(String relation) {
        return "`" + relation.replace("`", "``") + "`";
    }

    private static String literalKey(Term.Literal l) {
        return l.datatype() + "|" + l.lexical();
    }

    // --- lookups ------------------------------------------------------------------------------

    private static Triple toTriple(Record r) {
        Value name = r.get("oname");
        Term o = name.isNull() ? new Term.Literal(r.get("lex").asString(), r.get("dt").asString())
                : new Term.Entity(name.asString());
        return new Triple(r.get("s").asString(), r.get("r").asString(), o);
    }

    private static final String RETURN_TRIPLE =
            " RETURN s.name AS s, type(r) AS r, o.name AS oname, o.lexical AS lex, o.datatype AS dt";

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
        q.append(")").append(RETURN_TRIPLE);
        return read(tx -> {
            List<Triple> out = new ArrayList<>(run(tx, q.toString(), p).list(Neo4jKnowledgeGraph::toTriple));
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
        return read(tx -> new Neighbourhood(e, match(e, null, null), match(null, null, Term.entity(e))));
    }

    @Override
    public boolean hasEntity(String entity) {
        String e = Names.normalise(entity);
        return read(tx -> run(tx, "MATCH (e:Entity {name: $e}) RETURN count(e) AS n", Map.of("e", e))
                .single().get("n").asLong() > 0);
    }

    @Override
    public String label(String entity) {
        String e = Names.normalise(entity);
        return read(tx -> {
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
        write(tx -> {
            run(tx, "MERGE (e:Entity {name: $e}) SET e.label = $l", Map.of("e", e, "l", l)).consume();
            onCommit(g -> {
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
        return read(tx -> {
            List<String[]> candidates = run(tx, "MATCH (e:Entity) RETURN e.name AS n, e.label AS l", Map.of())
                    .list(r -> new String[] {r.get("n").asString(), r.get("l").isNull() ? null : r.get("l").asString()});
            return JenaKnowledgeGraph.rankLabels(candidates, text, limit);
        });
    }

    @Override
    public long size() {
        return read(tx -> run(tx, "MATCH (:Entity)-[r]->() RETURN count(r) AS n", Map.of()).single().get("n").asLong());
    }

    @Override
    public KgStats stats() {
        return read(tx -> {
            long entities = run(tx, "MATCH (e:Entity) RETURN count(e) AS n", Map.of()).single().get("n").asLong();
            long relations = run(tx, "MATCH (r:Relation) RETURN count(r) AS n", Map.of()).single().get("n").asLong();
            return new KgStats(size(), entities, relations, currentRevision());
        });
    }

    // --- qualifiers -----------------------------------------------------------------------------

    private static String tripleMatch(Triple t, Map<String, Object> p) {
        p.put("s", t.subject());
        String object;
        if (t.object() instanceof Term.Entity e) {
            object = "(o:Entity {name: $o})";
            p.put("o", e.name());
        } else {
            object = "(o:Literal {key: $o})";
            p.put("o", literalKey((Term.Literal) t.object()));
        }
        return "MATCH (s:Entity {name: $s})-[r:" + type(t.relation()) + "]->" + object;
    }

    @Override
    public Map<String, Term.Literal> qualifiers(Triple triple) {
        Map<String, Object> p = new HashMap<>();
        String q = tripleMatch(triple, p) + " RETURN properties(r) AS props";
        return read(tx -> {
            Map<String, Term.Literal> out = new TreeMap<>();
            for (Record r : run(tx, q, p).list()) {
                Map<String, Object> props = r.get("props").asMap();
                props.forEach((k, v) -> {
                    if (k.startsWith(Q)) {
                        String name = k.substring(Q.length());
                        Object dt = props.get(DT + name);
                        out.put(name, new Term.Literal(String.valueOf(v), dt == null ? null : dt.toString()));
                    }
                });
            }
            return out;
        });
    }

    @Override
    public void qualify(Triple triple, Map<String, Term.Literal> qualifiers) {
        qualifyAll(Map.of(triple, qualifiers));
    }

    /** One UNWIND per relation and object kind; fails, changing nothing, when a triple is absent. */
    @Override
    public void qualifyAll(Map<Triple, Map<String, Term.Literal>> qualifiers) {
        if (qualifiers.isEmpty()) {
            return;
        }
        List<Triple> triples = new ArrayList<>(qualifiers.keySet());
        Map<Triple, Map<String, Term.Literal>> normalised = new LinkedHashMap<>();
        Map<Triple, Map<String, Object>> props = new HashMap<>();
        for (Triple t : triples) {
            Map<String, Object> p = new HashMap<>();
            Map<String, Term.Literal> n = new LinkedHashMap<>();
            for (Map.Entry<String, Term.Literal> e : qualifiers.get(t).entrySet()) {
                String name = Names.normalise(e.getKey());
                if (name.equals("index")) {
                    throw new KgException("qualifier name 'index' is reserved for list positions");
                }
                JenaTerms.literal(e.getValue());
                p.put(Q + name, e.getValue().lexical());
                p.put(DT + name, e.getValue().datatype());
                n.put(name, e.getValue());
            }
            props.put(t, p);
            normalised.put(t, n);
        }
        write(tx -> {
            for (Map.Entry<Group, List<Map<String, Object>>> g : rows(triples).entrySet()) {
                for (Map<String, Object> row : g.getValue()) {
                    row.put("props", props.get(triples.get((Integer) row.get("i"))));
                }
                String object = g.getKey().literal() ? "(o:Literal {key: row.o})" : "(o:Entity {name: row.o})";
                List<Integer> done = run(tx, "UNWIND $rows AS row MATCH (s:Entity {name: row.s})-[r:"
                        + type(g.getKey().relation()) + "]->" + object + " SET r += row.props RETURN row.i AS i",
                        Map.of("rows", g.getValue())).list(r -> r.get("i").asInt());
                if (done.size() < g.getValue().size()) {
                    Set<Integer> found = new java.util.HashSet<>(done);
                    Triple missing = g.getValue().stream().map(r -> (Integer) r.get("i")).filter(i -> !found.contains(i))
                            .map(triples::get).findFirst().orElseThrow();
                    throw new KgException("cannot qualify " + missing + ": the graph does not hold it");
                }
            }
            onCommit(g -> normalised.forEach((t, q) -> JenaSchema.qualify(g, JenaTerms.jena(t), q)));
            return null;
        });
    }

    // --- schema -------------------------------------------------------------------------------

    private static RelationInfo toRelation(Value r, Value reverse) {
        String inverse = r.get("inverse").isNull() ? (reverse.isNull() ? null : reverse.asString()) : r.get("inverse").asString();
        return new RelationInfo(r.get("name").asString(), r.get("functional").asBoolean(false), inverse,
                r.get("symmetric").asBoolean(false), strings(r.get("chain")), strings(r.get("altLabels")),
                strings(r.get("templates")), strings(r.get("equivalents")), strings(r.get("broader")));
    }

    private static List<String> strings(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    private static final String READ_RELATION = " OPTIONAL MATCH (x:Relation {inverse: r.name}) "
            + "WITH r, x ORDER BY x.name RETURN r, collect(x.name)[0] AS reverse";

    @Override
    public Optional<RelationInfo> relation(String name) {
        String n = Names.normalise(name);
        return read(tx -> run(tx, "MATCH (r:Relation {name: $n})" + READ_RELATION, Map.of("n", n)).list().stream()
                .findFirst().map(rec -> toRelation(rec.get("r"), rec.get("reverse"))));
    }

    @Override
    public List<RelationInfo> relations() {
        return read(tx -> run(tx, "MATCH (r:Relation)" + READ_RELATION + " ORDER BY r.name", Map.of())
                .list(rec -> toRelation(rec.get("r"), rec.get("reverse"))));
    }

    private void declare(TransactionContext tx, Set<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<String> created = run(tx, "UNWIND $names AS n MERGE (r:Relation {name: n}) "
                        + "ON CREATE SET r.label = replace(n, '_', ' '), r.functional = false, r.symmetric = false, "
                        + "r.created = true WITH r WHERE r.created REMOVE r.created RETURN r.name AS n",
                Map.of("names", List.copyOf(names))).list(r -> r.get("n").asString());
        if (!created.isEmpty()) {
            onCommit(g -> created.forEach(n -> JenaSchema.declare(g, n)));
        }
    }

    @Override
    public void putRelation(RelationInfo info) {
        Map<String, Object> p = new HashMap<>();
        p.put("n", info.name());
        p.put("label", Names.label(info.name()));
        p.put("functional", info.functional());
        p.put("symmetric", info.symmetric());
        p.put("inverse", info.inverse());
        p.put("chain", info.chain());
        p.put("alt", info.altLabels());
        p.put("templates", info.templates());
        p.put("equivalents", info.equivalents());
        p.put("broader", info.broader());
        write(tx -> {
            Set<String> others = new LinkedHashSet<>(info.chain());
            others.addAll(info.equivalents());
            others.addAll(info.broader());
            if (info.inverse() != null) {
                others.add(info.inverse());
            }
            others.remove(info.name());
            declare(tx, others);
            run(tx, "MERGE (r:Relation {name: $n}) SET r.label = coalesce(r.label, $label), r.functional = $functional, "
                    + "r.symmetric = $symmetric, r.inverse = $inverse, r.chain = $chain, r.altLabels = $alt, "
                    + "r.templates = $templates, r.equivalents = $equivalents, r.broader = $broader", p).consume();
            onCommit(g -> JenaSchema.write(g, info));
            return null;
        });
    }

    // --- changes and revisions ----------------------------------------------------------------

    private record Group(String relation, boolean literal) {
    }

    private static Map<Group, List<Map<String, Object>>> rows(List<Triple> triples) {
        Map<Group, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (int i = 0; i < triples.size(); i++) {
            Triple t = triples.get(i);
            Map<String, Object> row = new HashMap<>();
            row.put("i", i);
            row.put("s", t.subject());
            row.put("sl", Names.label(t.subject()));
            boolean literal = t.object() instanceof Term.Literal;
            if (literal) {
                Term.Literal l = (Term.Literal) t.object();
                row.put("o", literalKey(l));
                row.put("lex", l.lexical());
                row.put("dt", l.datatype());
            } else {
                row.put("o", t.object().value());
                row.put("ol", Names.label(t.object().value()));
            }
            groups.computeIfAbsent(new Group(t.relation(), literal), k -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    @Override
    public Revision apply(ChangeSet changes, String author) {
        if (changes == null) {
            throw new KgException("change set must not be null");
        }
        if (author == null || author.isBlank()) {
            throw new KgException("a revision needs an author, found none");
        }
        // Validate literals before the transaction, as the TDB2 backend does.
        changes.added().forEach(JenaTerms::jena);
        changes.removed().forEach(JenaTerms::jena);
        return write(tx -> {
            List<Integer> removedIdx = new ArrayList<>();
            for (Map.Entry<Group, List<Map<String, Object>>> g : rows(changes.removed()).entrySet()) {
                String object = g.getKey().literal() ? "(o:Literal {key: row.o})" : "(o:Entity {name: row.o})";
                removedIdx.addAll(run(tx, "UNWIND $rows AS row MATCH (s:Entity {name: row.s})-[x:"
                        + type(g.getKey().relation()) + "]->" + object + " DELETE x RETURN row.i AS i",
                        Map.of("rows", g.getValue())).list(r -> r.get("i").asInt()));
            }
            declare(tx, changes.added().stream().map(Triple::relation).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
            List<Integer> addedIdx = new ArrayList<>();
            for (Map.Entry<Group, List<Map<String, Object>>> g : rows(changes.added()).entrySet()) {
                String object = g.getKey().literal()
                        ? "MERGE (o:Literal {key: row.o}) ON CREATE SET o.lexical = row.lex, o.datatype = row.dt "
                        : "MERGE (o:Entity {name: row.o}) ON CREATE SET o.label = row.ol ";
                String t = type(g.getKey().relation());
                addedIdx.addAll(run(tx, "UNWIND $rows AS row MERGE (s:Entity {name: row.s}) ON CREATE SET s.label = row.sl "
                        + object + "WITH s, o, row WHERE NOT EXISTS { (s)-[:" + t + "]->(o) } "
                        + "CREATE (s)-[:" + t + "]->(o) RETURN row.i AS i", Map.of("rows", g.getValue()))
                        .list(r -> r.get("i").asInt()));
            }
            removedIdx.sort(null);
            addedIdx.sort(null);
            List<Triple> effRemoved = removedIdx.stream().map(changes.removed()::get).toList();
            List<Triple> effAdded = addedIdx.stream().map(changes.added()::get).toList();
            onCommit(g -> {
                for (Triple t : effRemoved) {
                    org.apache.jena.graph.Triple j = JenaTerms.jena(t);
                    JenaSchema.removeAnnotations(g, j);
                    g.delete(j);
                }
                for (Triple t : effAdded) {
                    JenaSchema.declare(g, t.relation());
                    JenaSchema.ensureLabel(g, t.subject());
                    if (t.object() instanceof Term.Entity e) {
                        JenaSchema.ensureLabel(g, e.name());
                    }
                    g.add(JenaTerms.jena(t));
                }
            });
            return record(tx, new ChangeSet(effAdded, effRemoved), author);
        });
    }

    private Revision record(TransactionContext tx, ChangeSet effective, String author) {
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Setting a property first takes the counter's write lock, so the read below cannot race.
        long number = run(tx, "MERGE (c:RevisionCounter {id: 'main'}) SET c.locked = true "
                        + "SET c.current = coalesce(c.current, 0) + 1 REMOVE c.locked "
                        + "CREATE (r:Revision {number: c.current, time: datetime({epochMillis: $ms}), author: $author, "
                        + "added: $added, removed: $removed}) RETURN c.current AS n",
                Map.of("ms", time.toEpochMilli(), "author", author, "added", NTriplesText.write(effective.added()),
                        "removed", NTriplesText.write(effective.removed()))).single().get("n").asLong();
        return new Revision(number, time, author, effective);
    }

    @Override
    public long currentRevision() {
        return read(tx -> {
            List<Record> r = run(tx, "MATCH (c:RevisionCounter {id: 'main'}) RETURN c.current AS n", Map.of()).list();
            return r.isEmpty() ? 0L : r.get(0).get("n").asLong();
        });
    }

    private static Revision toRevision(Record rec) {
        Value r = rec.get("r");
        return new Revision(r.get("number").asLong(), Instant.ofEpochMilli(rec.get("ms").asLong()),
                r.get("author").asString(),
                new ChangeSet(NTriplesText.read(r.get("added").asString()), NTriplesText.read(r.get("removed").asString())));
    }

    @Override
    public List<Revision> history() {
        return read(tx -> run(tx, "MATCH (r:Revision) RETURN r, r.time.epochMillis AS ms ORDER BY r.number", Map.of())
                .list(Neo4jKnowledgeGraph::toRevision));
    }

    @Override
    public Optional<Revision> revision(long number) {
        return read(tx -> run(tx, "MATCH (r:Revision {number: $n}) RETURN r, r.time.epochMillis AS ms", Map.of("n", number))
                .list(Neo4jKnowledgeGraph::toRevision).stream().findFirst());
    }

    @Override
    public Revision revert(long revision, String author) {
        return write(tx -> {
            Revision r = revision(revision).orElseThrow(() -> new KgException(
                    "cannot revert revision " + revision + ": expected 1.." + currentRevision()));
            return apply(r.changes().inverse(), author);
        });
    }

    // --- replica, SPARQL and lifecycle --------------------------------------------------------

    /** Replaces the replica's content with what Neo4j holds now: schema, labels, facts and qualifiers. */
    public void rebuildReplica() {
        List<RelationInfo> relations = relations();
        try (Session s = driver.session()) {
            s.executeRead(tx -> {
                Txn.executeWrite(replica, () -> {
                    replica.clear();
                    Graph g = replica.getDefaultGraph();
                    relations.forEach(r -> JenaSchema.write(g, r));
                    Result labels = tx.run("MATCH (e:Entity) RETURN e.name AS n, e.label AS l");
                    while (labels.hasNext()) {
                        Record r = labels.next();
                        String n = r.get("n").asString();
                        g.add(JenaTerms.entity(n), JenaTerms.RDFS_LABEL, NodeFactory.createLiteralString(
                                r.get("l").isNull() ? Names.label(n) : r.get("l").asString()));
                    }
                    Result facts = tx.run("MATCH (s:Entity)-[r]->(o)" + RETURN_TRIPLE + ", properties(r) AS props");
                    while (facts.hasNext()) {
                        Record r = facts.next();
                        Triple t = toTriple(r);
                        org.apache.jena.graph.Triple j = JenaTerms.jena(t);
                        g.add(j);
                        Map<String, Object> props = r.get("props").asMap();
                        if (!props.isEmpty()) {
                            Map<String, Term.Literal> q = new TreeMap<>();
                            props.forEach((k, v) -> {
                                if (k.startsWith(Q)) {
                                    Object dt = props.get(DT + k.substring(Q.length()));
                                    q.put(k.substring(Q.length()), new Term.Literal(String.valueOf(v), dt == null ? null : dt.toString()));
                                }
                            });
                            if (!q.isEmpty()) {
                                JenaSchema.qualify(g, j, q);
                            }
                        }
                    }
                });
                return null;
            });
        }
    }

    @Override
    public DatasetGraph dataset() {
        return replica;
    }

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
