package dev.concord.controller;

import java.util.List;

/** One conflict found by the check: its kind, a sentence saying what clashes, and the triples it clashes with. */
public record Conflict(ConflictKind kind, String detail, List<TripleView> existing) {
    public Conflict {
        if (kind == null) {
            throw ControllerException.badInput("conflict kind must not be null");
        }
        existing = existing == null ? List.of() : List.copyOf(existing);
    }
}
