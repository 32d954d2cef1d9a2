package dev.concord.controller;

/** What an edit does to a fact. */
public enum EditOp { ASSERT, RETRACT }
