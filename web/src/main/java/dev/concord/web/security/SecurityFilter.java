package dev.concord.web.security;

import io.micrometer.core.instrument.Metrics;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Before any authentication: answers 429 with Retry-After to login attempts (HTTP Basic, the login
 * form) from a user and address that {@link LoginThrottle} has blocked, and 403 to state-changing
 * requests (POST, PUT, PATCH, DELETE) authenticated by the session cookie that do not carry the
 * session's CSRF token in {@code X-CSRF-Token}. HTTP Basic requests carry no ambient credential
 * and need no token.
 */
@ApplicationScoped
public class SecurityFilter {
    private static final Logger LOG = Logger.getLogger(SecurityFilter.class);
    static final String LOGIN_PATH = "/j_security_check";

    @Inject
    LoginThrottle throttle;

    @Inject
    SessionRegistry sessions;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String credentialCookie;

    void register(@Observes Filters filters) {
        filters.register(this::filter, 90);
    }

    void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6);
        boolean formLogin = rc.request().method() == HttpMethod.POST && LOGIN_PATH.equals(path);
        // signing out is always allowed (it only ends the caller's own session)
        boolean csrf = !basic && !formLogin && !"/logout".equals(path) && unsafe(rc.request().method())
                && rc.request().getCookie(credentialCookie) != null;
        if (!basic && !formLogin && !csrf) {
            rc.next();
            return;
        }
        // the throttle counts and the sessions are in the database: read them off the event loop
        rc.vertx().executeBlocking(() -> check(rc, path, auth, basic, formLogin, csrf), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.errorf(ar.cause(), "security check of %s %s failed", rc.request().method(), path);
                deny(rc, 503, "unavailable", "cannot check the session or the login throttle now; try again", 0);
            } else if (ar.result() == null) {
                rc.next();
            } else {
                Denial d = ar.result();
                deny(rc, d.status(), d.error(), d.detail(), d.retryAfter());
            }
        });
    }

    private record Denial(int status, String error, String detail, long retryAfter) {
    }

    /** The refusal for this request, or null to let it through (blocking: reads the store). */
    private Denial check(RoutingContext rc, String path, String auth, boolean basic, boolean formLogin, boolean csrf) {
        String address = address(rc);
        if (basic || formLogin) {
            String user = basic ? basicUser(auth) : null;
            long wait = throttle.retryAfterSeconds(user, address);
            if (wait > 0) {
                Metrics.counter("concord.login.throttled").increment();
                LOG.warnf("login throttled: user %s from %s, retry after %d s", user == null ? "(form)" : user, address, wait);
                return new Denial(429, "too many failed logins", "too many failed logins from this address"
                        + (user == null ? "" : " for user " + user) + "; try again in " + wait + " s", wait);
            }
        }
        if (csrf) {
            Cookie sid = rc.request().getCookie(SessionRegistry.SESSION_COOKIE);
            Optional<SessionRegistry.Session> s = sessions.peek(sid == null ? null : sid.getValue());
            String token = rc.request().getHeader(SessionRegistry.CSRF_HEADER);
            if (s.isEmpty() || !SessionRegistry.csrfMatches(s.get(), token)) {
                LOG.infof("refused %s %s from %s: %s", rc.request().method(), path, address,
                        s.isEmpty() ? "no live session" : "missing or wrong CSRF token");
                return new Denial(403, "forbidden", s.isEmpty()
                        ? "your session has ended; sign in again"
                        : "a request that changes state must carry the session's " + SessionRegistry.CSRF_HEADER
                        + " header (the value of the " + SessionRegistry.CSRF_COOKIE + " cookie)", 0);
            }
        }
        return null;
    }

    /** The client's address (the proxy's X-Forwarded-For is honoured only when Quarkus is told to trust it). */
    public static String address(RoutingContext rc) {
        var a = rc.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }

    private static boolean unsafe(HttpMethod m) {
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE;
    }

    static String basicUser(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void deny(RoutingContext rc, int status, String error, String detail, long retryAfter) {
        var res = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (retryAfter > 0) {
            res.putHeader("Retry-After", Long.toString(retryAfter));
        }
        res.end(dev.concord.web.ErrorMappers.jsonText(error, detail));
    }
}
