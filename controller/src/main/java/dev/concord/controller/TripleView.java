package dev.concord.controller;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;

/**
 * A triple as JSON carries it (ARCHITECTURE.md): local names, the object as a local name or a
 * literal's lexical form; {@code datatype} only for a literal object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TripleView(String subject, String relation, String object, String datatype) {

    public static TripleView of(Triple t) {
        return t.object() instanceof Term.Literal lit
                ? new TripleView(t.subject(), t.relation(), lit.lexical(), lit.datatype())
                : new TripleView(t.subject(), t.relation(), t.object().value(), null);
    }

    public Triple toTriple() {
        Term o = datatype == null ? Term.entity(object) : Term.literal(object, datatype);
        return new Triple(subject, relation, o);
    }
}
