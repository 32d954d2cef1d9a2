package dev.concord.web;

import dev.concord.controller.ControllerException;
import dev.concord.controller.EditService;
import dev.concord.controller.LexiconAdapter;
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
    EditService edits;
    @Inject
    SecurityIdentity identity;
    @Inject
    LexiconAdapter lexicon;

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

    static final String EQUIVALENT = "equivalent";
    static final String SUBPROPERTY = "subproperty";

    /**
     * An alignment after a change: the aligned set, and the facts that now disagree within it
     * (single-valued sets: subjects with more than one object), listed for the admin.
     */
    public record AlignmentView(String a, String b, boolean changed, List<String> aligned,
                                List<List<TripleView>> conflicts) {
    }

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
    public AlignmentView align(AlignmentBody body) {
        return changeAlignment(body, true);
    }

    @DELETE
    @Path("/alignments")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public AlignmentView unalign(AlignmentBody body) {
        return changeAlignment(body, false);
    }

    private AlignmentView changeAlignment(AlignmentBody body, boolean add) {
        Requests.body(body);
        if (body.a() == null || body.a().isBlank() || body.b() == null || body.b().isBlank()) {
            throw ControllerException.badInput("give two relation names, a and b");
        }
        String kind = body.kind() == null || body.kind().isBlank() ? EQUIVALENT : body.kind().strip().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals(EQUIVALENT) && !kind.equals(SUBPROPERTY)) {
            throw ControllerException.badInput("kind is 'equivalent' (a means the same as b) or 'subproperty' (a is under b), found '"
                    + body.kind() + "'");
        }
        boolean under = kind.equals(SUBPROPERTY);
        String a = dev.concord.kg.Names.normalise(body.a().strip());
        String b = dev.concord.kg.Names.normalise(body.b().strip());
        if (a.equals(b)) {
            throw ControllerException.badInput("a relation cannot be aligned with itself: " + a);
        }
        for (String r : List.of(a, b)) {
            if (kg.relation(r).isEmpty()) {
                throw ControllerException.notFound("no relation named " + r);
            }
        }
        AlignmentView v;
        try {
            v = edits.underLock(() -> {
                boolean changed;
                try {
                    changed = under ? (add ? kg.subsume(a, b) : kg.unsubsume(a, b)) : (add ? kg.align(a, b) : kg.unalign(a, b));
                } catch (KgException e) {
                    throw ControllerException.conflict(e.getMessage());
                }
                dev.concord.controller.EditPlanner planner = new dev.concord.controller.EditPlanner(kg);
                // under: b's single-valued set now covers a's facts too
                List<List<TripleView>> conflicts = new java.util.ArrayList<>(planner.alignmentConflicts(under ? b : a));
                if (!add && !under) {
                    conflicts.addAll(planner.alignmentConflicts(b));
                }
                return new AlignmentView(a, b, changed, under ? kg.covering(b) : kg.aligned(a), conflicts);
            });
        } finally {
            lexicon.schemaChanged();
        }
        return v;
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
        try {
            return alignments.accept(id, identity.getPrincipal().getName());
        } finally {
            lexicon.schemaChanged();
        }
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

    private static void noNulls(String field, java.util.List<String> values) {
        if (values != null && values.stream().anyMatch(java.util.Objects::isNull)) {
            throw ControllerException.badInput(field + " must hold strings, found null in " + values);
        }
    }

    /** Adds or replaces a relation's schema (functional, inverse, symmetric, chain, phrasings, templates). */
    @PUT
    @Path("/relations/{name}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public RelationInfo putRelation(@PathParam("name") String name, Requests.RelationBody body) {
        Requests.body(body);
        if (body.functional() == null && body.inverse() == null && body.symmetric() == null && body.chain() == null
                && body.altLabels() == null && body.templates() == null) {
            throw ControllerException.badInput("give at least one of functional, inverse, symmetric, chain, altLabels, templates");
        }
        noNulls("chain", body.chain());
        noNulls("altLabels", body.altLabels());
        noNulls("templates", body.templates());
        RelationInfo info;
        try {
            info = new RelationInfo(name, Boolean.TRUE.equals(body.functional()), body.inverse(),
                    Boolean.TRUE.equals(body.symmetric()), body.chain(), body.altLabels(), body.templates());
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
        for (String t : info.templates()) {
            if (!t.contains("{subject}")) {
                throw ControllerException.badInput("every template must hold {subject}, found '" + t + "'");
            }
        }
        boolean created = kg.relation(info.name()).isEmpty();
        try {
            edits.underLock(() -> { // alignments are kept: they change through /api/kg/alignments
                java.util.Optional<RelationInfo> old = kg.relation(info.name());
                kg.putRelation(info.withEquivalents(old.map(RelationInfo::equivalents).orElse(java.util.List.of()))
                        .withBroader(old.map(RelationInfo::broader).orElse(java.util.List.of())));
                return null;
            });
        } finally {
            lexicon.schemaChanged(); // the chat's interpreter sees the relation from the next sentence on
        }
        if (created) {
            // a new relation may mean what an existing one means: propose, in the background
            String admin = identity.getPrincipal().getName();
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    alignments.propose(admin);
                } catch (RuntimeException e) {
                    org.jboss.logging.Logger.getLogger(KgResource.class).warnf("alignment proposals after creating %s: %s",
                            info.name(), e.getMessage());
                }
            });
        }
        return kg.relation(info.name()).orElse(info);
    }
}
