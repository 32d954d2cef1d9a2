package dev.concord.controller;

import dev.concord.kg.KgException;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;

/**
 * What a person asks to change: one triple, ASSERT or RETRACT, and the text it came from (may be
 * null). Validated here so the workflow only sees well-formed requests.
 */
public record EditRequest(String subject, String relation, String object, String datatype, EditOp op, String text) {

    public static final int MAX_NAME = 200;

    public EditRequest {
        subject = required("subject", subject);
        relation = required("relation", relation);
        object = required("object", object);
        if (op == null) {
            throw ControllerException.badInput("op must be ASSERT or RETRACT, found nothing");
        }
        if (datatype != null && datatype.isBlank()) {
            datatype = null;
        }
        if (text != null && text.length() > 4000) {
            throw ControllerException.badInput("text must be at most 4000 characters, found " + text.length());
        }
        try {
            triple(subject, relation, object, datatype);
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
    }

    public Triple triple() {
        return triple(subject, relation, object, datatype);
    }

    private static Triple triple(String s, String r, String o, String datatype) {
        // without a datatype, a bare date, year or number is the typed literal the graph holds (Term.of)
        Term term = datatype == null ? Term.of(o) : Term.literal(o, datatype);
        return new Triple(s, r, term);
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ControllerException.badInput(name + " must be a non-empty string, found " + (value == null ? "nothing" : "blank"));
        }
        if (value.length() > MAX_NAME) {
            throw ControllerException.badInput(name + " must be at most " + MAX_NAME + " characters, found " + value.length());
        }
        return value.strip();
    }
}
