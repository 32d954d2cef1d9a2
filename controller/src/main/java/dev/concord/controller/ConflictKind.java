package dev.concord.controller;

/** Conflict kinds of the edit workflow's check step (ARCHITECTURE.md). */
public enum ConflictKind {
    /** A functional relation already has another object for the subject. */
    COVERAGE,
    /** The inverse triple would break the inverse relation's single value. */
    REVERSE,
    /** Already known: no change, not an error. */
    DUPLICATE,
    /** Retracting something the graph does not hold. */
    MISSING,
    /** A content or trust policy flagged the assertion. */
    POLICY
}
