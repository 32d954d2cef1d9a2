package dev.concord.web.ui;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing out of the web UI: expires the form-login session cookie. HTTP Basic clients have no
 * session, so for them this changes nothing. Answers 204 whether or not a session existed.
 */
@Path("/logout")
public class LogoutResource {

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String cookieName;

    @POST
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(cookieName)
                .value("")
                .path("/")
                .maxAge(0)
                .expiry(new java.util.Date(0))
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
        return Response.noContent().cookie(expired).build();
    }
}
