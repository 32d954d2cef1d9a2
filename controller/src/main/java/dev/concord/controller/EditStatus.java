package dev.concord.controller;

/**
 * The visible status of an edit (ARCHITECTURE.md). APPLIED, REJECTED, ROLLED_BACK and FAILED are
 * terminal for the submission; PENDING_REVIEW waits for an admin; APPLIED may later become
 * ROLLED_BACK. Progress inside a status is the {@link EditStep}.
 */
public enum EditStatus { APPLIED, PENDING_REVIEW, REJECTED, ROLLED_BACK, FAILED }
