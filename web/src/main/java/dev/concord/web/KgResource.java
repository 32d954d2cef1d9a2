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
        if (body.functional() == null && body.inverse() == null && body.symmetric() == null && body.chain() == null
                && body.altLabels() == null && body.templates() == null) {
            throw ControllerException.badInput("give at least one of functional, inverse, symmetric, chain, altLabels, templates");
        }
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
        try {
            edits.underLock(() -> {
                kg.putRelation(info);
                return null;
            });
        } finally {
            lexicon.schemaChanged(); // the chat's interpreter sees the relation from the next sentence on
        }
        return kg.relation(info.name()).orElse(info);
    }
}
