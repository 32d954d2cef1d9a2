package dev.concord.web;

import dev.concord.controller.AuditView;
import dev.concord.controller.EditRequest;
import dev.concord.controller.EditService;
import dev.concord.controller.EditView;
import dev.concord.controller.UserAccount;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** /api/edits: submit, list, read and roll back edits. */
@Path("/api/edits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EditResource {
    @Inject
    EditService edits;
    @Inject
    dev.concord.controller.EditQueries queries;
    @Inject
    dev.concord.controller.RollbackService rollbacks;
    @Inject
    SecurityIdentity identity;

    @POST
    public Response submit(Requests.EditBody body) {
        Requests.body(body);
        EditRequest request = new EditRequest(body.subject(), body.relation(), body.object(), body.datatype(),
                Requests.op(body.op()), body.text());
        EditView v = edits.submit(identity.getPrincipal().getName(), request);
        return Response.created(URI.create("/api/edits/" + v.id())).entity(v).build();
    }

    @GET
    public List<EditView> list(@QueryParam("status") String status, @QueryParam("author") String author,
                               @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return queries.list(Requests.status(status), author == null || author.isBlank() ? null : author.strip(),
                Requests.bounded(offset, 0, 0, Integer.MAX_VALUE - 1001, "offset"),
                Requests.bounded(limit, 100, 1, 1000, "limit"));
    }

    @GET
    @Path("/{id}")
    public EditView get(@PathParam("id") String id) {
        return queries.get(Requests.id(id));
    }

    @GET
    @Path("/{id}/history")
    public List<AuditView> history(@PathParam("id") String id) {
        return queries.history(Requests.id(id));
    }

    @POST
    @Path("/{id}/rollback")
    @Consumes(MediaType.WILDCARD)
    public EditView rollback(@PathParam("id") String id) {
        return rollbacks.rollback(Requests.id(id), identity.getPrincipal().getName(), identity.hasRole(UserAccount.ADMIN));
    }
}
