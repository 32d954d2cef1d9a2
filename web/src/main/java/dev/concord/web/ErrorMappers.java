package dev.concord.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.concord.controller.ControllerException;
import dev.concord.kg.KgException;
import dev.concord.kg.SparqlEndpoint;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * The one place domain and framework errors become HTTP answers: {@code {"error", "detail"}},
 * a 4xx for anything the caller can fix, never a stack trace.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** An error body as JSON text, for the HTTP filters that answer before any resource runs. */
    public static String jsonText(String error, String detail) {
        return "{\"error\":\"" + escape(error) + "\",\"detail\":\"" + escape(detail) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    static Response error(int status, String error, String detail) {
        if (status < 500) {
            // the client's mistake: one line, no stack trace (server faults are logged by internal())
            LOG.infof("%d %s: %s", status, error, detail == null ? "" : detail.length() > 300 ? detail.substring(0, 300) + "..." : detail);
        } else if (status != 500) {
            LOG.warnf("%d %s: %s", status, error, detail);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, detail)).build();
    }

    @ServerExceptionMapper
    public Response controller(ControllerException e) {
        return switch (e.kind()) {
            case BAD_INPUT -> error(400, "bad request", e.getMessage());
            case NOT_FOUND -> error(404, "not found", e.getMessage());
            case FORBIDDEN -> error(403, "forbidden", e.getMessage());
            case CONFLICT -> error(409, "conflict", e.getMessage());
            case UNAVAILABLE -> error(503, "unavailable", e.getMessage());
            case INTERNAL -> internal(e);
        };
    }

    /**
     * Another request (on this or another replica) changed the same record first: the version check
     * refused the second write, which is a conflict for the caller, not a server fault.
     */
    @ServerExceptionMapper
    public Response staleWrite(jakarta.persistence.OptimisticLockException e) {
        return error(409, "conflict", "the record was changed by another request at the same time; reload it and try again");
    }

    @ServerExceptionMapper
    public Response sparql(SparqlEndpoint.SparqlException e) {
        return e.isTimeout() ? error(503, "query timeout", e.getMessage()) : error(400, "bad query", e.getMessage());
    }

    @ServerExceptionMapper
    public Response kg(KgException e) {
        return error(400, "bad request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response jsonMismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        return error(400, "malformed JSON", "unknown field '" + e.getPropertyName() + "'; expected one of "
                + e.getKnownPropertyIds());
    }

    @ServerExceptionMapper
    public Response jsonParse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(com.fasterxml.jackson.databind.JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.length() > 300) {
            m = m.substring(0, 300) + "...";
        }
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return error(400, "malformed JSON", m + where);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return challenge();
    }

    private static Response challenge() {
        LOG.info("401 unauthorized: no or wrong credentials");
        return Response.status(401).header("WWW-Authenticate", "Basic realm=\"concord\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("unauthorized", "log in with HTTP Basic (username and password)")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(403, "forbidden", "this needs the admin role");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return error(status, reason == null ? "error" : reason.toLowerCase(), e.getMessage());
    }

    /** A body sent without a length that passes the limit surfaces while it is read: 413, not a server fault. */
    @ServerExceptionMapper
    public Response io(java.io.IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("too large")) {
            return error(413, "payload too large", "the body is larger than the server accepts (quarkus.http.limits.max-body-size)");
        }
        return internal(e);
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        return internal(e);
    }

    private static Response internal(Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Internal error %s", id);
        return error(500, "internal error", "something went wrong on the server (log reference " + id + ")");
    }
}
