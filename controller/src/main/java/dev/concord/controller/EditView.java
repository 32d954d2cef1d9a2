package dev.concord.controller;

import dev.concord.editor.FactEdit;

import java.time.Instant;
import java.util.List;

/**
 * An edit as the API returns it: ARCHITECTURE.md's {@code {id, status, author, triples, conflicts,
 * createdAt}} plus what a reviewer or a rollback needs to see.
 */
public record EditView(long id, EditOp op, EditStatus status, EditStep step, String author, String text,
                       List<TripleView> triples, List<Conflict> conflicts, boolean noChange,
                       String reviewer, String reason, Long kgRevision, Long rollbackRevision,
                       ChangeSetView changeSet, ModelView model, String rolledBackBy,
                       Instant createdAt, Instant updatedAt) {

    /** The KG side: triples added and removed. */
    public record ChangeSetView(List<TripleView> added, List<TripleView> removed) {
    }

    /** The model side: what was done, under which log id, with which facts. */
    public record ModelView(ModelAction action, String editId, String target, List<FactEdit> facts, String note,
                            ModelCheck check) {
    }

    static EditView of(Edit e) {
        Json.ChangeSetView cs = e.changeSet == null ? null
                : Json.ChangeSetView.of(Json.changeSet(e.changeSet));
        return new EditView(e.id, e.op, e.status, e.step, e.author, e.text,
                Json.tripleViews(e.triples), Json.conflicts(e.conflicts), e.noChange,
                e.reviewer, e.reason, e.kgRevision, e.rollbackRevision,
                cs == null ? null : new ChangeSetView(cs.added(), cs.removed()),
                new ModelView(e.modelAction, e.modelEditId, e.modelTarget, Json.facts(e.modelFacts), e.modelNote,
                        Json.check(e.modelCheck)),
                e.rolledBackBy, e.createdAt, e.updatedAt);
    }
}
