package dev.concord.web;

import dev.concord.controller.EditView;
import dev.concord.controller.agreement.AgreementService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The agreement audit: GET /api/model/agreement (any user: progress, last report, what changed),
 * POST /api/model/agreement {sample} (admin: start a run; 0 = every fact), POST
 * /api/model/agreement/teach {facts: [key...]} (admin: teach disagreements as one batch edit).
 */
@Path("/api/model/agreement")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AgreementResource {
    @Inject
    AgreementService agreement;
    @Inject
    SecurityIdentity identity;

    public record RunBody(Integer sample) {
    }

    public record TeachBody(List<String> facts) {
    }

    @GET
    public AgreementService.Status status() {
        return agreement.status();
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public AgreementService.Status run(RunBody body) {
        return agreement.start(body == null || body.sample() == null ? AgreementService.DEFAULT_SAMPLE : body.sample());
    }

    @POST
    @Path("/teach")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public EditView teach(TeachBody body) {
        Requests.body(body);
        return agreement.teach(identity.getPrincipal().getName(), body.facts());
    }
}
