package dev.concord.controller;

/** What an edit does to the model. */
public enum ModelAction {
    /** Nothing (graph-only mode, a no-op edit, or the model was unavailable). */
    NONE,
    /** Teaches facts with the edit's own model edit id. */
    TEACH,
    /** A retraction that rolls back the model edit which taught the fact. */
    ROLLBACK_OF,
    /** A retraction of a fact the model knew before any edit: teaches "unknown". */
    NEUTRALISE
}
