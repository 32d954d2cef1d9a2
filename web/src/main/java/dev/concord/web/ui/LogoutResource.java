package dev.concord.web.ui;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;

/**
 * Signing out of the web UI: removes the form-login session cookie. HTTP Basic clients have no
 * session, so for them this changes nothing. Answers 204 whether or not a session existed.
 */
@Path("/logout")
public class LogoutResource {

    @POST
    public Response logout(@Context RoutingContext context) {
        FormAuthenticationMechanism.logout(context);
        return Response.noContent().build();
    }
}
