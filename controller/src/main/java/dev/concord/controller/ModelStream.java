package dev.concord.controller;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.ForwardingKnowledgeEditor;
import dev.concord.editor.KnowledgeEditor;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The model edit stream (issue 19): every model edit and rollback this process makes is written to
 * {@code concord_model_stream} with the edit's deltas, in the database's order, and every process
 * sharing the workflow database applies the rows the others wrote, the deltas as they are (no
 * recomputation), so all replicas' models hold the same edits in the same order.
 *
 * <ul>
 *   <li>Writing: the model the {@link ModelGateway} hands out is wrapped ({@link #wrap}); each new
 *   edit or rollback first catches up with the stream, then runs, then appends its row, all under
 *   the applier lock (on PostgreSQL an advisory lock with its own key, so one process at a time
 *   computes a model edit, always on the stream's latest model).</li>
 *   <li>Following: every {@code concord.model.follow-interval} the model worker reads the rows after
 *   the last one applied, for the loaded model's name. A row whose edit is already in the log
 *   (this process's own) is skipped; a rollback of an active edit rolls it back. A replica started
 *   late catches up from the first row.</li>
 *   <li>How far behind: {@link #lag()} (rows not yet applied), in the readiness check's model detail
 *   and the {@code concord_model_stream_lag} gauge. A row that cannot be applied stops following
 *   there (the order matters) and is reported, not skipped.</li>
 * </ul>
 */
@ApplicationScoped
public class ModelStream {
    private static final Logger LOG = Logger.getLogger(ModelStream.class);
    /** The applier lock's advisory key: the edit lock's key plus one. */
    static final long APPLIER_KEY = EditLock.ADVISORY_KEY + 1;
    private static final int BATCH = 100;

    public enum Action { APPLY, ROLLBACK }

    /** Where this process stands in the stream. */
    public record Position(String model, long applied, long behind, String failure) {
    }

    private final AgroalDataSource dataSource;
    private final ModelGateway gateway;
    private final EditLock applier;
    private final java.time.Duration interval;
    private final String replica;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService poller;
    private volatile long applied;
    private volatile String model;
    private volatile String failure;
    private volatile boolean sharing = true;

    @Inject
    public ModelStream(AgroalDataSource dataSource, ModelGateway gateway, ConcordConfig config,
                       @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this(dataSource, gateway, config.model().followInterval(),
                new EditLock(dataSource, "postgresql".equalsIgnoreCase(dbKind) || "postgres".equalsIgnoreCase(dbKind),
                        APPLIER_KEY), replicaName());
    }

    /** A stream over {@code dataSource} (tests make two, standing for two processes). */
    public ModelStream(AgroalDataSource dataSource, ModelGateway gateway, java.time.Duration interval, EditLock applier,
                       String replica) {
        this.dataSource = dataSource;
        this.gateway = gateway;
        this.interval = interval;
        this.applier = applier;
        this.replica = replica;
    }

    private static String replicaName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        return host + "/" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent ev) {
        Metrics.gauge("concord.model.stream.lag", this, s -> {
            Position p = s.position();
            return p == null ? Double.NaN : p.behind();
        });
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "concord-model-follower");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Queues one catch-up on the model worker unless one is already queued or the model is not ready. */
    private void poll() {
        if (gateway.state() != ModelGateway.State.READY || !pending.compareAndSet(false, true)) {
            return;
        }
        gateway.submit(editor -> {
            try {
                editor.ifPresent(this::catchUp);
            } catch (RuntimeException e) {
                LOG.warnf("following the model edit stream: %s", e.getMessage());
            } finally {
                pending.set(false);
            }
            return null;
        });
    }

    /** The model as the gateway hands it out: edits and rollbacks go through the stream. */
    public KnowledgeEditor wrap(KnowledgeEditor editor) {
        return editor instanceof Replicated ? editor : new Replicated(editor);
    }

    /**
     * Applies the rows after the last one applied, for {@code editor}'s model, in order; returns how
     * many changed the model. Stops at a row that fails (reported by {@link #position()}).
     */
    public synchronized int catchUp(KnowledgeEditor editor) {
        String name = editor.modelName();
        if (!name.equals(model)) {
            model = name;
            applied = 0;
            failure = null;
        }
        int changed = 0;
        while (true) {
            List<Row> rows = rows(name, applied);
            for (Row r : rows) {
                try {
                    Optional<EditRecord> have = editor.find(r.editId());
                    if (r.action() == Action.APPLY && have.isEmpty()) {
                        editor.importEdit(load(r.seq()));
                        changed++;
                    } else if (r.action() == Action.ROLLBACK && have.isPresent() && have.get().active()) {
                        editor.rollback(r.editId());
                        changed++;
                    }
                } catch (EditorException | ControllerException e) {
                    failure = "row " + r.seq() + " (" + r.action() + " " + r.editId() + " from " + r.replica() + "): "
                            + e.getMessage();
                    LOG.errorf("The model edit stream stops at %s", failure);
                    return changed;
                }
                applied = r.seq();
                failure = null;
            }
            if (rows.size() < BATCH) {
                return changed;
            }
        }
    }

    /** Where this process stands (null before a model was loaded and followed). */
    public Position position() {
        String name = model;
        if (name == null) {
            return null;
        }
        long behind = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT count(*) FROM concord_model_stream WHERE model_name = ? AND seq > ?")) {
                ps.setString(1, name);
                ps.setLong(2, applied);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new Position(name, applied, behind, failure);
    }

    /** Rows of the stream for a model after {@code after}: sequence, edit, action, writer. */
    record Row(long seq, String editId, Action action, String replica) {
    }

    private List<Row> rows(String name, long after) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, edit_id, action, replica FROM concord_model_stream WHERE model_name = ? AND seq > ?"
                            + " ORDER BY seq FETCH FIRST " + BATCH + " ROWS ONLY")) {
                ps.setString(1, name);
                ps.setLong(2, after);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), Action.valueOf(rs.getString(3)), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    private KnowledgeEditor.EditPackage load(long seq) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT edit_id, entry, tensors FROM concord_model_stream WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ControllerException(ControllerException.Kind.NOT_FOUND, "no stream row " + seq);
                    }
                    return new KnowledgeEditor.EditPackage(rs.getString(1), rs.getString(2), rs.getBytes(3));
                }
            }
        });
    }

    private void append(String name, String editId, Action action, KnowledgeEditor.EditPackage p) {
        long seq = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO concord_model_stream (model_name, edit_id, action, entry, tensors, replica, created)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, editId);
                ps.setString(3, action.name());
                ps.setString(4, p == null ? null : p.entry());
                ps.setBytes(5, p == null ? null : p.tensors());
                ps.setString(6, replica);
                ps.setTimestamp(7, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    return keys.next() ? keys.getLong(1) : -1L;
                }
            }
        });
        if (seq > applied && seq > 0 && name.equals(model)) {
            // our own row: every row before it was applied by the catch-up that preceded this change
            applied = seq;
        }
    }

    /** The editor with its changes written to the stream, under the applier lock. */
    private final class Replicated extends ForwardingKnowledgeEditor {
        Replicated(KnowledgeEditor delegate) {
            super(delegate);
        }

        @Override
        public EditRecord apply(String id, EditMethod method, List<FactEdit> facts) {
            return applier.underLock(() -> {
                catchUp(delegate);
                boolean had = delegate.find(id).isPresent();
                EditRecord r = delegate.apply(id, method, facts);
                if (!had) {
                    publish(id, Action.APPLY);
                }
                return r;
            });
        }

        /**
         * An edit this process has not seen may be one another process made and this one has not
         * applied yet: catch up before saying it is not there (a rollback asked on this replica
         * would otherwise find nothing to undo, and the edit would stay active everywhere).
         */
        @Override
        public java.util.Optional<EditRecord> find(String id) {
            java.util.Optional<EditRecord> r = delegate.find(id);
            if (r.isPresent()) {
                return r;
            }
            catchUp(delegate);
            return delegate.find(id);
        }

        @Override
        public EditRecord rollback(String id) {
            return applier.underLock(() -> {
                catchUp(delegate);
                boolean active = delegate.find(id).map(EditRecord::active).orElse(false);
                EditRecord r = delegate.rollback(id);
                if (active) {
                    publish(id, Action.ROLLBACK);
                }
                return r;
            });
        }

        private void publish(String id, Action action) {
            if (!sharing) {
                return;
            }
            try {
                append(delegate.modelName(), id, action, action == Action.APPLY ? delegate.exportEdit(id) : null);
            } catch (EditorException e) {
                // an editor that cannot share (a stand-in in tests): this process keeps its edits to itself
                sharing = false;
                LOG.warnf("The model edit stream is off for %s: %s", delegate.modelName(), e.getMessage());
            } catch (RuntimeException e) {
                failure = "could not write " + action + " " + id + " to the stream: " + e.getMessage();
                LOG.errorf("The model edit stream: %s", failure);
                if (action == Action.APPLY) {
                    // the other replicas would never see it: undo it here, and the model step fails
                    delegate.rollback(id);
                    throw ControllerException.unavailable("the model edit could not be shared with the other replicas: "
                            + e.getMessage());
                }
            }
        }
    }
}
