package dev.concord.controller;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Finders over {@link Edit}. */
@ApplicationScoped
public class EditRepository implements PanacheRepositoryBase<Edit, Long> {

    /** Edits filtered by status and author (either may be null), newest first, at most limit. */
    public List<Edit> search(EditStatus status, String author, int offset, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (status != null) {
            q.append(" and status = :status");
            p = p.and("status", status);
        }
        if (author != null) {
            q.append(" and author = :author");
            p = p.and("author", author);
        }
        return find(q.toString(), Sort.descending("id"), p).range(offset, offset + limit - 1).list();
    }

    public List<Edit> pendingReview() {
        return list("status", Sort.ascending("id"), EditStatus.PENDING_REVIEW);
    }

    /** Edits not yet DONE, oldest first: what recovery must finish. */
    public List<Edit> unfinished() {
        return list("step <> ?1", Sort.ascending("id"), EditStep.DONE);
    }

    /** Applied edits after the given one, oldest first. */
    public List<Edit> appliedAfter(long id) {
        return list("id > ?1 and status = ?2", Sort.ascending("id"), id, EditStatus.APPLIED);
    }

    public List<Edit> appliedBy(String author) {
        return list("author = ?1 and status = ?2", Sort.descending("id"), author, EditStatus.APPLIED);
    }

    /** Applied assertions that taught the model, newest first. */
    public List<Edit> appliedTeaching() {
        return list("status = ?1 and op = ?2 and modelAction = ?3", Sort.descending("id"),
                EditStatus.APPLIED, EditOp.ASSERT, ModelAction.TEACH);
    }

    /** Retractions that rolled back a given model edit and were themselves rolled back. */
    public List<Edit> undoneRetractionsOf(String modelEditId) {
        return list("modelAction = ?1 and modelTarget = ?2 and status = ?3", ModelAction.ROLLBACK_OF, modelEditId,
                EditStatus.ROLLED_BACK);
    }
}
