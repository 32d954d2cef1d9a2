package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * One edit and everything needed to roll it back from both sides: the requested triple, the
 * conflicts found, the decision (status, reviewer, reason), the KG change set and revision,
 * and the model action with its facts and edit id. {@link #step} tracks progress for recovery.
 * JSON columns hold lists; {@link EditView} is the readable form.
 */
@Entity
@Table(name = "concord_edit")
public class Edit extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public EditOp op;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public EditStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public EditStep step;

    @Column(nullable = false, length = 64)
    public String author;

    @Column(length = 4000)
    public String text;

    @Column(nullable = false, length = 200)
    public String subject;

    @Column(nullable = false, length = 200)
    public String relation;

    @Column(nullable = false, length = 200)
    public String object;

    @Column(length = 200)
    public String datatype;

    /** JSON list of the requested triples. */
    @Column(nullable = false, length = 20000)
    public String triples;

    /** JSON list of {@link Conflict}. */
    @Column(nullable = false, length = 20000)
    public String conflicts;

    /** True when applying changed nothing (a DUPLICATE). */
    @Column(name = "no_change", nullable = false)
    public boolean noChange;

    @Column(length = 64)
    public String reviewer;

    @Column(length = 2000)
    public String reason;

    /** JSON {added, removed}: the planned, then committed, KG change set. */
    @Column(name = "change_set", length = 20000)
    public String changeSet;

    @Column(name = "kg_revision")
    public Long kgRevision;

    @Column(name = "rollback_revision")
    public Long rollbackRevision;

    @Enumerated(EnumType.STRING)
    @Column(name = "model_action", nullable = false, length = 20)
    public ModelAction modelAction;

    /** The id under which this edit's facts are in the model edit log. */
    @Column(name = "model_edit_id", length = 100)
    public String modelEditId;

    /** For ROLLBACK_OF: the model edit id this retraction rolled back. */
    @Column(name = "model_target", length = 100)
    public String modelTarget;

    /** JSON list of FactEdit written (TEACH, NEUTRALISE). */
    @Column(name = "model_facts", length = 20000)
    public String modelFacts;

    /** What happened on the model side, in words (skipped, failed, ...). */
    @Column(name = "model_note", length = 2000)
    public String modelNote;

    /** The per-edit check ({@link ModelCheck} as JSON), or null. */
    @Column(name = "model_check", length = 12000)
    public String modelCheck;

    @Column(name = "rolled_back_by", length = 64)
    public String rolledBackBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    // --- transitions: each checks where the edit is and refuses a move the workflow does not make ---

    private void expect(EditStep... steps) {
        for (EditStep st : steps) {
            if (step == st) {
                return;
            }
        }
        throw new IllegalStateException("edit " + id + " is at step " + step + "; expected " + java.util.Arrays.toString(steps));
    }

    void requirePending() {
        if (status != EditStatus.PENDING_REVIEW) {
            throw ControllerException.conflict("edit " + id + " is " + status + "; only a PENDING_REVIEW edit can be reviewed");
        }
    }

    /** PLANNED -> KG_DONE: the graph revision is committed; {@code committed} is its change set as JSON. */
    void graphCommitted(long revision, String committed) {
        expect(EditStep.PLANNED);
        kgRevision = revision;
        changeSet = committed;
        step = EditStep.KG_DONE;
        updatedAt = Instant.now();
    }

    /** KG_DONE -> DONE: the model step finished (or was skipped, as the note says). */
    void modelDone(String note, String check) {
        expect(EditStep.KG_DONE);
        step = EditStep.DONE;
        modelNote = note;
        modelCheck = check;
        updatedAt = Instant.now();
    }

    /** The model refused the edit and the graph change was undone: FAILED. */
    void failed(String why, Long undoRevision) {
        expect(EditStep.PLANNED, EditStep.KG_DONE);
        status = EditStatus.FAILED;
        step = EditStep.DONE;
        reason = why;
        rollbackRevision = undoRevision;
        updatedAt = Instant.now();
    }

    /**
     * PENDING_REVIEW -> APPLIED by a reviewer: at step PLANNED (the caller plans it) or, when the
     * graph knows the fact by then, DONE with no change.
     */
    void approvedBy(String admin, boolean alreadyKnown) {
        requirePending();
        reviewer = admin;
        status = EditStatus.APPLIED;
        updatedAt = Instant.now();
        if (alreadyKnown) {
            noChange = true;
            reason = "approved; already known by then: nothing changed";
            step = EditStep.DONE;
        } else {
            reason = "approved by " + admin;
            step = EditStep.PLANNED;
        }
    }

    /** PENDING_REVIEW -> REJECTED by a reviewer, with the reason. */
    void rejectedBy(String admin, String why) {
        requirePending();
        reviewer = admin;
        status = EditStatus.REJECTED;
        reason = why;
        updatedAt = Instant.now();
    }

    /** Refuses a rollback unless the edit is APPLIED and finished. */
    void requireRollbackable() {
        if (status != EditStatus.APPLIED) {
            throw ControllerException.conflict("edit " + id + " is " + status + "; only an APPLIED edit can be rolled back");
        }
        if (step != EditStep.DONE) {
            throw ControllerException.conflict("edit " + id + " is still being applied (step " + step + "); try again shortly");
        }
    }

    /** APPLIED and DONE -> ROLLBACK_PLANNED. */
    void rollbackStarted(String actor) {
        requireRollbackable();
        step = EditStep.ROLLBACK_PLANNED;
        rolledBackBy = actor;
        updatedAt = Instant.now();
    }

    /** ROLLBACK_PLANNED -> ROLLBACK_KG_DONE: the revert is committed (null when there was nothing to revert). */
    void revertCommitted(Long undoRevision) {
        expect(EditStep.ROLLBACK_PLANNED);
        rollbackRevision = undoRevision;
        step = EditStep.ROLLBACK_KG_DONE;
        updatedAt = Instant.now();
    }

    /** ROLLBACK_KG_DONE -> DONE, ROLLED_BACK. */
    void rolledBack(String note) {
        expect(EditStep.ROLLBACK_KG_DONE);
        status = EditStatus.ROLLED_BACK;
        step = EditStep.DONE;
        modelNote = note;
        updatedAt = Instant.now();
    }

    public EditView view() {
        return EditView.of(this);
    }
}
