package dev.concord.web;

import dev.concord.controller.ControllerException;
import dev.concord.controller.EditOp;
import dev.concord.controller.EditStatus;

import java.util.Arrays;
import java.util.Locale;

/** JSON request bodies of the API and the checks every resource shares. */
public final class Requests {
    private Requests() {
    }

    public record EditBody(String subject, String relation, String object, String datatype, String op, String text) {
    }

    public record TextBody(String text) {
    }

    public record ChatBody(String message) {
    }

    public record ReasonBody(String reason) {
    }

    public record AskBody(String subject, String relation, String prompt) {
    }

    public record UserBody(String username, String password, String role) {
    }

    public record RelationBody(Boolean functional, String inverse, Boolean symmetric, java.util.List<String> chain,
                               java.util.List<String> altLabels, java.util.List<String> templates) {
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ControllerException.badInput("the request body must be a JSON object, found nothing");
        }
        return body;
    }

    static EditOp op(String op) {
        if (op == null || op.isBlank()) {
            return EditOp.ASSERT;
        }
        String o = op.strip().toUpperCase(Locale.ROOT);
        if (o.equals("ASSERT") || o.equals("RETRACT")) {
            return EditOp.valueOf(o);
        }
        throw ControllerException.badInput("op must be ASSERT or RETRACT, found '" + op + "'"
                + (o.equals("SYNC") ? " (graph facts are taught to the model through the agreement audit)" : ""));
    }

    static EditStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return EditStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ControllerException.badInput("status must be one of " + Arrays.toString(EditStatus.values()) + ", found '" + status + "'");
        }
    }

    static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ControllerException.notFound("no edit with id '" + id + "'");
        }
    }

    static int bounded(Integer value, int dflt, int min, int max, String name) {
        int v = value == null ? dflt : value;
        if (v < min || v > max) {
            throw ControllerException.badInput(name + " must be between " + min + " and " + max + ", found " + v);
        }
        return v;
    }
}
