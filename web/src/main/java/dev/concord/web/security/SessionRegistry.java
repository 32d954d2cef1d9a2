package dev.concord.web.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Server-side web UI sessions. The form login's encrypted cookie alone cannot be revoked (a copy
 * stays valid until it expires), so each form login also gets a random session id, kept here,
 * that every cookie-authenticated request must carry: logout removes it (a copied cookie stops
 * working at once), and a session ends after {@code idle} without requests or {@code absolute}
 * after the login, whichever comes first. Each session has a CSRF token that state-changing
 * requests must echo in the {@code X-CSRF-Token} header. Kept in memory: a restart signs everyone out.
 */
@ApplicationScoped
public class SessionRegistry {
    public static final String SESSION_COOKIE = "concord-session";
    public static final String CSRF_COOKIE = "concord-csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** One session. */
    public record Session(String id, String user, String csrf, long created, long lastSeen) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Duration idle = Duration.ofHours(2);
    Duration absolute = Duration.ofHours(12);

    @jakarta.inject.Inject
    public SessionRegistry(dev.concord.controller.ConcordConfig config) {
        this(System::currentTimeMillis);
        this.idle = config.session().idleTimeout();
        this.absolute = config.session().absoluteTimeout();
    }

    SessionRegistry(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new session for a user who has just signed in with the form. */
    public Session create(String user) {
        long now = clock.getAsLong();
        Session s = new Session(token(), user, token(), now, now);
        sessions.put(s.id(), s);
        if (sessions.size() > 10_000) {
            sessions.values().removeIf(x -> !alive(x, now));
        }
        return s;
    }

    /** The live session with this id for this user (touching it), or empty when ended, expired or someone else's. */
    public Optional<Session> use(String id, String user) {
        if (id == null || user == null) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Session s = sessions.get(id);
        if (s == null || !s.user().equals(user)) {
            return Optional.empty();
        }
        if (!alive(s, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.csrf(), s.created(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** The session with this id, without touching it (for the CSRF check). */
    public Optional<Session> peek(String id) {
        Session s = id == null ? null : sessions.get(id);
        return s != null && alive(s, clock.getAsLong()) ? Optional.of(s) : Optional.empty();
    }

    /** Ends one session (logout). */
    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of a user (password change, removal). */
    public void endAll(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }

    private boolean alive(Session s, long now) {
        return now - s.lastSeen() < idle.toMillis() && now - s.created() < absolute.toMillis();
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
