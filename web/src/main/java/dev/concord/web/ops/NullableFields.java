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
