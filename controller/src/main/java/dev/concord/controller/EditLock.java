package dev.concord.controller;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one edit lock: checking an edit and committing it to the graph, review, rollback, recovery
 * and schema changes all hold it, so no two of them decide on the same graph state. Fair: edits
 * are taken in the order they asked.
 *
 * <p>On PostgreSQL the lock is also a session-level advisory lock ({@code pg_advisory_lock}) on a
 * connection held while the lock is: every Concord process that shares the workflow database takes
 * its edits in the database's order (the first step of running several replicas, issue 19). On H2
 * (one process by construction) the JVM lock alone serves.
 */
@ApplicationScoped
public class EditLock {
    /** The advisory lock key: "concord" in ASCII, so other applications on the database do not collide by chance. */
    static final long ADVISORY_KEY = 0x636f6e636f7264L;

    private final ReentrantLock lock = new ReentrantLock(true);
    private final AgroalDataSource dataSource;
    private final boolean advisory;
    private final long key;
    private Connection held;

    @Inject
    public EditLock(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind) {
        this(dataSource, "postgresql".equalsIgnoreCase(dbKind) || "postgres".equalsIgnoreCase(dbKind));
    }

    /** A lock over {@code dataSource}; {@code advisory}: also take PostgreSQL's advisory lock. */
    public EditLock(AgroalDataSource dataSource, boolean advisory) {
        this(dataSource, advisory, ADVISORY_KEY);
    }

    /** A lock with its own advisory key (the model edit stream's applier lock uses another key). */
    public EditLock(AgroalDataSource dataSource, boolean advisory, long key) {
        this.dataSource = dataSource;
        this.advisory = advisory;
        this.key = key;
    }

    /** Whether edits are ordered across processes by the database (PostgreSQL). */
    public boolean databaseOrdered() {
        return advisory;
    }

    /** Runs an action under the lock (a consistent snapshot with respect to edits). */
    public <T> T underLock(Supplier<T> action) {
        lock();
        try {
            return action.get();
        } finally {
            unlock();
        }
    }

    void lock() {
        lock.lock();
        if (!advisory || lock.getHoldCount() > 1) {
            return;
        }
        try {
            Connection c = dataSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                s.setLong(1, key);
                s.execute();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            held = c;
        } catch (SQLException e) {
            lock.unlock();
            throw ControllerException.unavailable("the workflow database did not grant the edit lock: " + e.getMessage());
        }
    }

    void unlock() {
        try {
            if (advisory && lock.getHoldCount() == 1 && held != null) {
                Connection c = held;
                held = null;
                try (c; PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    s.setLong(1, key);
                    s.execute();
                } catch (SQLException e) {
                    // closing the connection ends the session, and with it the advisory lock
                    org.jboss.logging.Logger.getLogger(EditLock.class).warnf("releasing the edit lock: %s", e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
