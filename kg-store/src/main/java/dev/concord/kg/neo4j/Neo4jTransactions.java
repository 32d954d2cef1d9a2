package dev.concord.kg.neo4j;

import dev.concord.kg.KgException;
import dev.concord.kg.Names;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neo4j transactions for {@link Neo4jKnowledgeGraph}: callback transactions on the calling thread (a
 * nested call joins the open one), writes serialised by a fair lock so the SPARQL replica sees
 * commits in order, and the replica changes a write queued, run only after Neo4j committed.
 * Also the Cypher pieces every part of the backend shares.
 */
final class Neo4jTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(Neo4jTransactions.class);

    private final Driver driver;
    private final DatasetGraph replica;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile boolean closed;
    private Runnable rebuild = () -> { };
    /**
     * The write clock value the replica reflects: every write that changes the replica advances
     * {@code (:ReplicaClock)} in Neo4j, in the same transaction, so a replica that missed another
     * process's write sees the clock ahead of it (issue 19: several Concord processes on one Neo4j).
     */
    private final java.util.concurrent.atomic.AtomicLong reflected = new java.util.concurrent.atomic.AtomicLong(-1);

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

    Neo4jTransactions(Driver driver, DatasetGraph replica) {
        this.driver = driver;
        this.replica = replica;
    }

    /** What to do when the replica missed a committed change: rebuild it from Neo4j. */
    void onReplicaFailure(Runnable rebuildReplica) {
        this.rebuild = rebuildReplica;
    }

    /** Marks the graph closed; false when it already was. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    void checkOpen() {
        if (closed) {
            throw new KgException("the knowledge graph is closed");
        }
    }

    <T> T read(Function<TransactionContext, T> body) {
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

    <T> T write(Function<TransactionContext, T> body) {
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
            long[] clock = {-1};
            T result = s.executeWrite(txc -> {
                Tx t = new Tx(txc, true);
                current.set(t);
                try {
                    T r = body.apply(txc);
                    ops.clear();
                    ops.addAll(t.replicaOps);
                    if (!ops.isEmpty()) {
                        clock[0] = run(txc, "MERGE (c:ReplicaClock {id: 'main'}) SET c.n = coalesce(c.n, 0) + 1 RETURN c.n AS n",
                                Map.of()).single().get("n").asLong();
                    }
                    return r;
                } finally {
                    current.remove();
                }
            });
            updateReplica(ops);
            if (clock[0] > 0) {
                // reflected only when no other process wrote since the replica was last in step
                reflected.compareAndSet(clock[0] - 1, clock[0]);
            }
            return result;
        } catch (Neo4jException e) {
            throw new KgException("Neo4j write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The write clock in Neo4j now (0 before the first write). */
    long clock() {
        return read(tx -> {
            List<Record> r = run(tx, "MATCH (c:ReplicaClock {id: 'main'}) RETURN c.n AS n", Map.of()).list();
            return r.isEmpty() || r.get(0).get("n").isNull() ? 0L : r.get(0).get("n").asLong();
        });
    }

    /** Runs {@code rebuildAt} (which must record the clock it read) under the write lock. */
    void rebuildLocked(Runnable rebuildAt) {
        writeLock.lock();
        try {
            rebuildAt.run();
        } finally {
            writeLock.unlock();
        }
    }

    /** Records that the replica now reflects the clock value {@code clock}. */
    void reflected(long clock) {
        reflected.set(clock);
    }

    /** Whether another process wrote since the replica was last in step with Neo4j. */
    boolean replicaBehind() {
        return clock() != reflected.get();
    }

    /** Queues a replica change; it runs only after the Neo4j transaction commits. */
    void onCommit(Consumer<Graph> op) {
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
            rebuild.run();
        }
    }

    static Result run(TransactionContext tx, String query, Map<String, Object> params) {
        return tx.run(query, params);
    }

    /** A relationship type between backticks: safe for any name {@link Names#normalise} accepts. */
    static String type(String relation) {
        return "`" + relation.replace("`", "``") + "`";
    }

    static String literalKey(Term.Literal l) {
        return l.datatype() + "|" + l.lexical();
    }

    static Triple toTriple(Record r) {
        Value name = r.get("oname");
        Term o = name.isNull() ? new Term.Literal(r.get("lex").asString(), r.get("dt").asString())
                : new Term.Entity(name.asString());
        return new Triple(r.get("s").asString(), r.get("r").asString(), o);
    }

    static final String RETURN_TRIPLE =
            " RETURN s.name AS s, type(r) AS r, o.name AS oname, o.lexical AS lex, o.datatype AS dt";

    record Group(String relation, boolean literal) {
    }

    static Map<Group, List<Map<String, Object>>> rows(List<Triple> triples) {
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

}
