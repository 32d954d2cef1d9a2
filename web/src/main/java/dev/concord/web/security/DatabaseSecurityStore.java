package dev.concord.web.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Sessions and login failures in the workflow database (tables of Flyway V5), so that several
 * Concord processes on one database share them: a session started on one replica is valid on the
 * others, a logout ends it everywhere, and failures count across replicas. A failure count is
 * changed under a row lock ({@code SELECT ... FOR UPDATE}) in its own transaction; the first
 * failure of a key inserts, and an insert that loses a race is retried as an update. Blocking
 * calls: callers on an event-loop thread move off it first.
 */
@ApplicationScoped
public class DatabaseSecurityStore implements SecurityStore {

    private final AgroalDataSource dataSource;

    @Inject
    public DatabaseSecurityStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        });
    }

    private void update(String sql, Object... args) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The first row of a query, read by {@code reader}, or empty. */
    private <T> Optional<T> first(String sql, RowReader<T> reader, Object... args) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(reader.read(rs)) : Optional.<T>empty();
                }
            }
        });
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    @Override
    public void putSession(StoredSession s) {
        update("INSERT INTO concord_web_session (id_hash, username, csrf_hash, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                s.idHash(), s.user(), s.csrfHash(), s.created(), s.lastSeen());
    }

    @Override
    public Optional<StoredSession> session(String idHash) {
        return first("SELECT username, csrf_hash, created, last_seen FROM concord_web_session WHERE id_hash = ?",
                rs -> new StoredSession(idHash, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), idHash);
    }

    @Override
    public void touchSession(String idHash, long lastSeen) {
        update("UPDATE concord_web_session SET last_seen = ? WHERE id_hash = ? AND last_seen < ?", lastSeen, idHash, lastSeen);
    }

    @Override
    public void removeSession(String idHash) {
        update("DELETE FROM concord_web_session WHERE id_hash = ?", idHash);
    }

    @Override
    public void removeSessions(String user) {
        update("DELETE FROM concord_web_session WHERE username = ?", user);
    }

    @Override
    public void purgeSessions(long idleBefore, long createdBefore) {
        update("DELETE FROM concord_web_session WHERE last_seen < ? OR created < ?", idleBefore, createdBefore);
    }

    @Override
    public Failures updateFailures(String key, UnaryOperator<Failures> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                return inTransaction(c -> {
                    Failures before = null;
                    try (PreparedStatement ps = c.prepareStatement("SELECT failures, last_failure, blocked_until"
                            + " FROM concord_login_failure WHERE throttle_key = ? FOR UPDATE")) {
                        ps.setString(1, key);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                before = failuresOf(rs);
                            }
                        }
                    }
                    Failures after = change.apply(before);
                    String sql = before == null
                            ? "INSERT INTO concord_login_failure (failures, last_failure, blocked_until, throttle_key) VALUES (?, ?, ?, ?)"
                            : "UPDATE concord_login_failure SET failures = ?, last_failure = ?, blocked_until = ? WHERE throttle_key = ?";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        bind(ps, after.failures(), after.lastFailure(), after.blockedUntil(), key);
                        ps.executeUpdate();
                    }
                    return after;
                });
            } catch (RuntimeException e) {
                // another process inserted the key's first row at the same time: read it and update
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<Failures> failures(String key) {
        return first("SELECT failures, last_failure, blocked_until FROM concord_login_failure WHERE throttle_key = ?",
                DatabaseSecurityStore::failuresOf, key);
    }

    private static Failures failuresOf(ResultSet rs) throws SQLException {
        return new Failures(rs.getInt(1), rs.getLong(2), rs.getLong(3));
    }

    @Override
    public long blockedUntil(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
        return first("SELECT max(blocked_until) FROM concord_login_failure WHERE throttle_key IN (" + marks + ")",
                rs -> rs.getLong(1), keys.toArray()).orElse(0L);
    }

    @Override
    public void removeFailures(String key) {
        update("DELETE FROM concord_login_failure WHERE throttle_key = ?", key);
    }

    @Override
    public void purgeFailures(long before) {
        update("DELETE FROM concord_login_failure WHERE last_failure < ?", before);
    }
}
