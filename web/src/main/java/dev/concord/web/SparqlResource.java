package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ControllerException;
import dev.concord.kg.KnowledgeGraph;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;

/**
 * SPARQL 1.1 Protocol query endpoint, read-only: GET with {@code query=}, POST as a form or with
 * an {@code application/sparql-query} body. The result format follows Accept. Update requests,
 * SERVICE and syntax errors are 400 with the reason; a query past concord.sparql.timeout is 503.
 */
@Path("/sparql")
public class SparqlResource {
    static final String SPARQL_QUERY = "application/sparql-query";
    static final String SPARQL_UPDATE = "application/sparql-update";
    private static final int MAX_QUERY = 100_000;

    @Inject
    KnowledgeGraph kg;
    @Inject
    ConcordConfig config;
    @Inject
    SecurityIdentity identity;

    @GET
    public Response get(@QueryParam("query") String query, @QueryParam("update") String update,
                        @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        refuseUpdate(update);
        return run(query, accept);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response form(@FormParam("query") String query, @FormParam("update") String update,
                         @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        refuseUpdate(update);
        return run(query, accept);
    }

    @POST
    @Consumes(SPARQL_QUERY)
    public Response direct(String query, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return run(query, accept);
    }

    @POST
    @Consumes(SPARQL_UPDATE)
    public Response updateBody(String update) {
        refuseUpdate(update == null ? "" : update);
        return null;
    }

    private static void refuseUpdate(String update) {
        if (update != null) {
            throw ControllerException.badInput("this endpoint is read-only: SPARQL Update is refused");
        }
    }

    private Response run(String query, String accept) {
        if (!config.sparql().isPublic() && identity.isAnonymous()) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        if (query == null || query.isBlank()) {
            throw ControllerException.badInput("a SPARQL query is required: 'query' parameter, form field or application/sparql-query body");
        }
        if (query.length() > MAX_QUERY) {
            throw ControllerException.badInput("the query must be at most " + MAX_QUERY + " characters, found " + query.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        boolean ok = false;
        String type;
        try {
            type = kg.sparql().execute(query, accept == null ? "*/*" : accept, config.sparql().timeout(), out);
            ok = true;
        } finally {
            io.micrometer.core.instrument.Timer.builder("concord.sparql.query")
                    .description("SPARQL query time at /sparql")
                    .tag("outcome", ok ? "ok" : "error")
                    .register(io.micrometer.core.instrument.Metrics.globalRegistry)
                    .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return Response.ok(out.toByteArray(), type).build();
    }
}
