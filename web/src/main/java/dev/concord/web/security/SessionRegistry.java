package dev.concord.web.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Server-side web UI sessions. The form login's encrypted cookie alone cannot be revoked (a copy
 * stays valid until it expires), so each form login also gets a random session id, kept here,
 * that every cookie-authenticated request must carry: logout removes it (a copied cookie stops
 * working at once), and a session ends after {@code idle} without requests or {@code absolute}
 * after the login, whichever comes first. Each session has a CSRF token that state-changing
 * requests must echo in the {@code X-CSRF-Token} header. Kept in the workflow database
 * ({@link DatabaseSecurityStore}, hashed), so a session is valid on every replica and survives a restart.
 */
@ApplicationScoped
public class SessionRegistry {
    public static final String SESSION_COOKIE = "concord-session";
    public static final String CSRF_COOKIE = "concord-csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** A session's last use is written at most this often (each request would otherwise write). */
    static final long TOUCH_EVERY_MILLIS = 30_000;

    /** One session; {@code csrf} is the token itself right after {@link #create}, null when read back. */
    public record Session(String id, String user, String csrf, String csrfHash, long created, long lastSeen) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecurityStore store;
    private final LongSupplier clock;

    Duration idle = Duration.ofHours(2);
    Duration absolute = Duration.ofHours(12);

    @jakarta.inject.Inject
    public SessionRegistry(dev.concord.controller.ConcordConfig config, DatabaseSecurityStore store) {
        this(store, System::currentTimeMillis);
        this.idle = config.session().idleTimeout();
        this.absolute = config.session().absoluteTimeout();
    }

    /** Sessions in memory (one process), with a controlled clock for tests. */
    SessionRegistry(LongSupplier clock) {
        this(new SecurityStore.InMemory(), clock);
    }

    SessionRegistry(SecurityStore store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new session for a user who has just signed in with the form (ended sessions are purged then). */
    public Session create(String user) {
        long now = clock.getAsLong();
        store.purgeSessions(now - idle.toMillis(), now - absolute.toMillis());
        String id = token();
        String csrf = token();
        Session s = new Session(id, user, csrf, hash(csrf), now, now);
        store.putSession(new SecurityStore.StoredSession(hash(id), user, s.csrfHash(), now, now));
        return s;
    }

    /** The live session with this id for this user (touching it), or empty when ended, expired or someone else's. */
    public Optional<Session> use(String id, String user) {
        if (id == null || user == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Optional<Session> s = peek(id);
        if (s.isEmpty() || !s.get().user().equals(user)) {
            return Optional.empty();
        }
        if (now - s.get().lastSeen() >= TOUCH_EVERY_MILLIS) {
            store.touchSession(hash(id), now);
        }
        Session v = s.get();
        return Optional.of(new Session(v.id(), v.user(), null, v.csrfHash(), v.created(), now));
    }

    /** The live session with this id, without touching it (for the CSRF check). */
    public Optional<Session> peek(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Optional<SecurityStore.StoredSession> found = store.session(hash(id));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SecurityStore.StoredSession s = found.get();
        if (now - s.lastSeen() >= idle.toMillis() || now - s.created() >= absolute.toMillis()) {
            store.removeSession(s.idHash());
            return Optional.empty();
        }
        return Optional.of(new Session(id, s.user(), null, s.csrfHash(), s.created(), s.lastSeen()));
    }

    /** Whether {@code token} is the session's CSRF token (compared by hash, in constant time). */
    public static boolean csrfMatches(Session s, String token) {
        return token != null && java.security.MessageDigest.isEqual(hash(token).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.csrfHash().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Ends one session (logout). */
    public void end(String id) {
        if (id != null) {
            store.removeSession(hash(id));
        }
    }

    /** Ends every session of a user (password change, removal). */
    public void endAll(String user) {
        store.removeSessions(user);
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256, hex: what the store keeps of ids and tokens. */
    static String hash(String value) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
