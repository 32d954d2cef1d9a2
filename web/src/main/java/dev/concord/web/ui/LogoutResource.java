package dev.concord.web.ui;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing out of the web UI: ends the server-side session and expires the session cookies. HTTP Basic clients have no
 * session, so for them this changes nothing. Answers 204 whether or not a session existed.
 */
@Path("/logout")
public class LogoutResource {

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookieName;

    @jakarta.inject.Inject
    dev.concord.web.security.SessionRegistry sessions;

    @POST
    public Response logout(@jakarta.ws.rs.CookieParam(dev.concord.web.security.SessionRegistry.SESSION_COOKIE) String session) {
        // ends the session on the server: a copy of the cookies stops working too
        sessions.end(session);
        return Response.noContent().cookie(expired(cookieName, true), expired(dev.concord.web.security.SessionRegistry.SESSION_COOKIE, true),
                expired(dev.concord.web.security.SessionRegistry.CSRF_COOKIE, false)).build();
    }

    private static NewCookie expired(String name, boolean httpOnly) {
        return new NewCookie.Builder(name)
                .value("")
                .path("/")
                .maxAge(0)
                .expiry(new java.util.Date(0))
                .httpOnly(httpOnly)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
