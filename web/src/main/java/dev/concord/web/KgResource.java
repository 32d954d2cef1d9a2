package dev.concord.web;

import dev.concord.controller.ControllerException;
import dev.concord.controller.TripleView;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import dev.concord.kg.Neighbourhood;
import dev.concord.kg.RelationInfo;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** /api/kg: an entity's neighbourhood, label search, and the relation schema (admins may change it). */
@Path("/api/kg")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KgResource {
    @Inject
    KnowledgeGraph kg;
    @Inject
    SecurityIdentity identity;
    @Inject
    dev.concord.controller.SchemaService schema;

    public record EntityView(String entity, String label, List<TripleView> outgoing, List<TripleView> incoming) {
    }

    public record Stats(long triples, long revision, int relations) {
    }

    /**
     * Two relations that mean the same (owl:equivalentProperty, {@code kind} "equivalent", the default),
     * or {@code a} under {@code b} (rdfs:subPropertyOf, {@code kind} "subproperty": a wife is a spouse).
     */
    public record AlignmentBody(String a, String b, String kind) {
        public AlignmentBody(String a, String b) {
            this(a, b, EQUIVALENT);
        }
    }

    static final String EQUIVALENT = dev.concord.controller.SchemaService.EQUIVALENT;
    static final String SUBPROPERTY = dev.concord.controller.SchemaService.SUBPROPERTY;

    /** Every stated alignment: equivalent pairs as a &lt; b, then subproperty pairs (a under b). */
    @GET
    @Path("/alignments")
    public List<AlignmentBody> alignments() {
        List<AlignmentBody> out = new java.util.ArrayList<>();
        List<RelationInfo> all = kg.relations();
        for (RelationInfo r : all) {
            for (String e : r.equivalents()) {
                if (r.name().compareTo(e) < 0) {
                    out.add(new AlignmentBody(r.name(), e, EQUIVALENT));
                }
            }
        }
        for (RelationInfo r : all) {
            for (String b : r.broader()) {
                out.add(new AlignmentBody(r.name(), b, SUBPROPERTY));
            }
        }
        return out;
    }

    @POST
    @Path("/alignments")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public dev.concord.controller.SchemaService.AlignmentChange align(AlignmentBody body) {
        return changeAlignment(body, true);
    }

    @DELETE
    @Path("/alignments")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public dev.concord.controller.SchemaService.AlignmentChange unalign(AlignmentBody body) {
        return changeAlignment(body, false);
    }

    private dev.concord.controller.SchemaService.AlignmentChange changeAlignment(AlignmentBody body, boolean add) {
        Requests.body(body);
        return schema.changeAlignment(body.a(), body.b(), body.kind(), add);
    }

    // --- alignment proposals (issue 16) ------------------------------------------------------------

    @Inject
    dev.concord.controller.alignment.AlignmentService alignments;

    /** A reason for a rejection (optional). */
    public record DecisionBody(String reason) {
    }

    @GET
    @Path("/alignments/proposals")
    @RolesAllowed("admin")
    public List<dev.concord.controller.alignment.AlignmentProposal.View> proposals(@QueryParam("status") String status) {
        return alignments.list(status);
    }

    /** Computes proposals now (also done after a new relation is created); new ones wait as pending. */
    @POST
    @Path("/alignments/proposals")
    @RolesAllowed("admin")
    public dev.concord.controller.alignment.AlignmentService.Run propose() {
        return alignments.propose(identity.getPrincipal().getName());
    }

    @POST
    @Path("/alignments/proposals/{id}/accept")
    @RolesAllowed("admin")
    public dev.concord.controller.alignment.AlignmentService.Accepted acceptProposal(@PathParam("id") long id) {
        return alignments.accept(id, identity.getPrincipal().getName());
    }

    @POST
    @Path("/alignments/proposals/{id}/reject")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public dev.concord.controller.alignment.AlignmentProposal.View rejectProposal(@PathParam("id") long id, DecisionBody body) {
        return alignments.reject(id, identity.getPrincipal().getName(), body == null ? null : body.reason());
    }

    @GET
    @Path("/entities/{name}")
    public EntityView entity(@PathParam("name") String name) {
        String n;
        try {
            n = Names.normalise(name);
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
        if (!kg.hasEntity(n)) {
            throw ControllerException.notFound("the graph has no entity '" + n + "'");
        }
        Neighbourhood nb = kg.neighbourhood(n);
        return new EntityView(n, kg.label(n), nb.outgoing().stream().map(TripleView::of).toList(),
                nb.incoming().stream().map(TripleView::of).toList());
    }

    @GET
    @Path("/search")
    public List<dev.concord.kg.LabelMatch> search(@QueryParam("q") String q, @QueryParam("limit") Integer limit) {
        if (q == null || q.isBlank() || q.length() > 200) {
            throw ControllerException.badInput("q must be 1 to 200 characters");
        }
        return kg.searchLabels(q, Requests.bounded(limit, 20, 1, 200, "limit"));
    }

    @GET
    @Path("/stats")
    public Stats stats() {
        return new Stats(kg.size(), kg.currentRevision(), kg.relations().size());
    }

    @GET
    @Path("/relations")
    public List<RelationInfo> relations() {
        return kg.relations();
    }

    /** Adds or replaces a relation's schema (functional, inverse, symmetric, chain, phrasings, templates). */
    @PUT
    @Path("/relations/{name}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public RelationInfo putRelation(@PathParam("name") String name, Requests.RelationBody body) {
        Requests.body(body);
        return schema.putRelation(name, new dev.concord.controller.SchemaService.RelationChange(body.functional(),
                body.inverse(), body.symmetric(), body.chain(), body.altLabels(), body.templates()),
                identity.getPrincipal().getName());
    }
}
