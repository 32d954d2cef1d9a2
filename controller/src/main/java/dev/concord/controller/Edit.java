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

    public EditView view() {
        return EditView.of(this);
    }
}
