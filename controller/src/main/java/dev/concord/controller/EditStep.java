package dev.concord.controller;

/**
 * Where an edit is in its apply or rollback, for crash recovery. Each step is recorded in the
 * workflow database before the next begins; recovery at start-up finishes any edit not DONE.
 *
 * <ul>
 *   <li>PLANNED: the decision and the change set are recorded, the KG is not yet changed.</li>
 *   <li>KG_DONE: the KG revision is committed and recorded; the model step is queued.</li>
 *   <li>ROLLBACK_PLANNED: a rollback is recorded; the KG revert is not yet committed.</li>
 *   <li>ROLLBACK_KG_DONE: the revert is committed; the model undo is queued.</li>
 *   <li>DONE: nothing is left to do.</li>
 * </ul>
 */
public enum EditStep { PLANNED, KG_DONE, ROLLBACK_PLANNED, ROLLBACK_KG_DONE, DONE }
