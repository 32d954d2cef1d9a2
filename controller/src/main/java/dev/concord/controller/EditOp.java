package dev.concord.controller;

/** What an edit does to a fact. */
public enum EditOp {
    ASSERT,
    RETRACT,
    /** The agreement audit's "teach these": graph facts the model disagreed with, written into the model only. */
    SYNC
}
