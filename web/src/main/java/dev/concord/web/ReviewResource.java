package dev.concord.web;

import dev.concord.controller.EditQueries;
import dev.concord.controller.ReviewService;
import dev.concord.controller.EditView;
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

import java.util.List;

/** /api/reviews: the admins' queue of edits waiting for a decision. */
@Path("/api/reviews")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {
    @Inject
    EditQueries queries;
    @Inject
    ReviewService review;
    @Inject
    SecurityIdentity identity;

    @GET
    public List<EditView> queue() {
        return queries.reviews();
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.WILDCARD)
    public EditView approve(@PathParam("id") String id) {
        return review.approve(Requests.id(id), identity.getPrincipal().getName());
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    public EditView reject(@PathParam("id") String id, Requests.ReasonBody body) {
        Requests.body(body);
        return review.reject(Requests.id(id), identity.getPrincipal().getName(), body.reason());
    }
}
