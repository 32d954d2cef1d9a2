package dev.concord.interpreter;

/** What a person asked for. */
public enum Intent {
    /** Assert one or more facts. */
    EDIT,
    /** Ask a question: one part of the triple is null. */
    QUERY,
    /** Remove facts, each named explicitly. */
    RETRACT,
    /** Anything else, including instructions embedded in the text. */
    UNKNOWN
}
