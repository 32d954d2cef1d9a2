package dev.concord.web;

import dev.concord.controller.RollbackService;
import dev.concord.controller.UserService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** /api/users (admin) and /api/me. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    @Inject
    UserService users;
    @Inject
    RollbackService rollbacks;
    @Inject
    SecurityIdentity identity;

    public record Me(String username, Set<String> roles) {
    }

    @GET
    @Path("/me")
    @Authenticated
    public Me me() {
        return new Me(identity.getPrincipal().getName(), identity.getRoles());
    }

    @POST
    @Path("/users")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Requests.UserBody body) {
        Requests.body(body);
        UserService.UserView u = users.create(identity.getPrincipal().getName(), body.username(), body.password(), body.role());
        return Response.created(URI.create("/api/users/" + u.username())).entity(u).build();
    }

    @GET
    @Path("/users")
    @RolesAllowed("admin")
    public List<UserService.UserView> list() {
        return users.list();
    }

    /** Rolls back every applied edit of one user, newest first. */
    @POST
    @Path("/users/{username}/rollback")
    @RolesAllowed("admin")
    @Consumes(MediaType.WILDCARD)
    public List<RollbackService.RollbackResult> rollbackAll(@PathParam("username") String username) {
        if (users.find(username).isEmpty()) {
            throw dev.concord.controller.ControllerException.notFound("no user named '" + username + "'");
        }
        return rollbacks.rollbackAllOf(username, identity.getPrincipal().getName());
    }
}
