package dev.concord.web.ops;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The responses' Java records leave absent values as JSON null (a model name in graph-only mode, a
 * relation without an inverse): this OpenAPI filter says so, adding "null" to the type of every
 * object property (the schema cannot tell a boxed Long from a long; widening a never-null field costs
 * nothing), so that the document describes what the server sends
 * (schemathesis checks responses against it).
 */
public class NullableFields implements OASFilter {
    private static final String ERROR_REF = "#/components/schemas/ErrorBody";
    private static final java.util.Map<String, String> ERRORS = new java.util.LinkedHashMap<>();

    static {
        ERRORS.put("400", "bad input: malformed JSON, unknown fields, wrong types, invalid names or values");
        ERRORS.put("401", "no or wrong credentials (HTTP Basic challenge), or the UI session has ended");
        ERRORS.put("403", "the admin role is needed, or a cookie-authenticated write lacks its X-CSRF-Token");
        ERRORS.put("404", "no such edit, entity, relation or resource");
        ERRORS.put("409", "the request conflicts with the edit's state");
        ERRORS.put("413", "the body is larger than the server accepts");
        ERRORS.put("415", "a content type the endpoint does not take");
        ERRORS.put("429", "too many failed logins: wait Retry-After seconds");
        ERRORS.put("500", "the server's own fault; the detail carries the log reference");
        ERRORS.put("503", "the model is not ready or a query timed out");
    }

    /** Every operation documents the error answers, all in the one error schema {error, detail}. */
    @Override
    public org.eclipse.microprofile.openapi.models.Operation filterOperation(
            org.eclipse.microprofile.openapi.models.Operation op) {
        var responses = op.getResponses();
        if (responses == null) {
            responses = org.eclipse.microprofile.openapi.OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        for (var e : ERRORS.entrySet()) {
            if (responses.getAPIResponse(e.getKey()) == null) {
                responses.addAPIResponse(e.getKey(), org.eclipse.microprofile.openapi.OASFactory.createAPIResponse()
                        .description(e.getValue())
                        .content(org.eclipse.microprofile.openapi.OASFactory.createContent().addMediaType("application/json",
                                org.eclipse.microprofile.openapi.OASFactory.createMediaType().schema(
                                        org.eclipse.microprofile.openapi.OASFactory.createSchema().ref(ERROR_REF)))));
            }
        }
        return op;
    }

    /** The error schema, and the UI's cookie session beside HTTP Basic. */
    @Override
    public void filterOpenAPI(org.eclipse.microprofile.openapi.models.OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(org.eclipse.microprofile.openapi.OASFactory.createComponents());
        }
        Schema text = org.eclipse.microprofile.openapi.OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
        api.getComponents().addSchema("ErrorBody", org.eclipse.microprofile.openapi.OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("Every error answer: a short error and a detail that says what to change")
                .addProperty("error", text).addProperty("detail", text)
                .required(List.of("error", "detail")));
        api.getComponents().addSecurityScheme("session", org.eclipse.microprofile.openapi.OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.APIKEY)
                .in(org.eclipse.microprofile.openapi.models.security.SecurityScheme.In.COOKIE)
                .name("quarkus-credential")
                .description("The web UI's session after POST /j_security_check (with the concord-session cookie; "
                        + "writes also need the X-CSRF-Token header)"));
    }

    @Override
    public Schema filterSchema(Schema schema) {
        Map<String, Schema> props = schema.getProperties();
        if (props != null) {
            for (Schema p : props.values()) {
                List<Schema.SchemaType> types = p.getType();
                if (types != null && !types.isEmpty() && !types.contains(Schema.SchemaType.NULL)) {
                    List<Schema.SchemaType> t = new ArrayList<>(types);
                    t.add(Schema.SchemaType.NULL);
                    p.setType(t);
                } else if ((types == null || types.isEmpty()) && p.getRef() != null) {
                    // a reference to another schema: allow null beside it
                    Schema ref = org.eclipse.microprofile.openapi.OASFactory.createSchema().ref(p.getRef());
                    Schema none = org.eclipse.microprofile.openapi.OASFactory.createSchema()
                            .type(List.of(Schema.SchemaType.NULL));
                    p.setRef(null);
                    p.setAnyOf(List.of(ref, none));
                }
            }
        }
        return schema;
    }
}
