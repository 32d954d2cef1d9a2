package dev.concord.web.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Where web sessions and login-failure counts live. The server keeps them in the workflow database
 * ({@link DatabaseSecurityStore}) so that every replica sees the same sessions and the same blocks;
 * {@link InMemory} serves unit tests of the rules in {@link SessionRegistry} and {@link LoginThrottle}.
 * Session ids and CSRF tokens arrive here already hashed.
 */
public interface SecurityStore {

    /** A session: hashed id and CSRF token, user, creation and last use (epoch milliseconds). */
    record StoredSession(String idHash, String user, String csrfHash, long created, long lastSeen) {
    }

    /** A throttled key's failures, the last one's time, and the end of its block (0: none). */
    record Failures(int failures, long lastFailure, long blockedUntil) {
    }

    void putSession(StoredSession s);

    Optional<StoredSession> session(String idHash);

    void touchSession(String idHash, long lastSeen);

    void removeSession(String idHash);

    void removeSessions(String user);

    /** Removes sessions last seen before {@code idleBefore} or created before {@code createdBefore}. */
    void purgeSessions(long idleBefore, long createdBefore);

    /** Replaces a key's failures with {@code change} applied to them (null when none), atomically across processes. */
    Failures updateFailures(String key, UnaryOperator<Failures> change);

    Optional<Failures> failures(String key);

    /** The latest end of a block among these keys (0 when none is blocked): one read for a login check. */
    long blockedUntil(List<String> keys);

    void removeFailures(String key);

    /** Forgets failures whose last one is before {@code before}. */
    void purgeFailures(long before);

    /** Sessions and counts in maps: one process only, lost at a restart. */
    final class InMemory implements SecurityStore {
        private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();
        private final Map<String, Failures> failures = new ConcurrentHashMap<>();

        @Override
        public void putSession(StoredSession s) {
            sessions.put(s.idHash(), s);
        }

        @Override
        public Optional<StoredSession> session(String idHash) {
            return Optional.ofNullable(sessions.get(idHash));
        }

        @Override
        public void touchSession(String idHash, long lastSeen) {
            sessions.computeIfPresent(idHash, (k, s) -> new StoredSession(s.idHash(), s.user(), s.csrfHash(), s.created(), lastSeen));
        }

        @Override
        public void removeSession(String idHash) {
            sessions.remove(idHash);
        }

        @Override
        public void removeSessions(String user) {
            sessions.values().removeIf(s -> s.user().equals(user));
        }

        @Override
        public void purgeSessions(long idleBefore, long createdBefore) {
            sessions.values().removeIf(s -> s.lastSeen() < idleBefore || s.created() < createdBefore);
        }

        @Override
        public Failures updateFailures(String key, UnaryOperator<Failures> change) {
            return failures.compute(key, (k, f) -> change.apply(f));
        }

        @Override
        public Optional<Failures> failures(String key) {
            return Optional.ofNullable(failures.get(key));
        }

        @Override
        public long blockedUntil(List<String> keys) {
            return keys.stream().map(failures::get).filter(java.util.Objects::nonNull)
                    .mapToLong(Failures::blockedUntil).max().orElse(0);
        }

        @Override
        public void removeFailures(String key) {
            failures.remove(key);
        }

        @Override
        public void purgeFailures(long before) {
            failures.values().removeIf(f -> f.lastFailure() < before);
        }
    }
}
