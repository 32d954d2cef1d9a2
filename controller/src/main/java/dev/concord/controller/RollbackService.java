package dev.concord.controller;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.Triple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rolling edits back from the graph and the model: one edit (its author or an admin), or every
 * applied edit of one user (an admin). An edit that a later edit built on (same subject and
 * relation) is refused until the later one is rolled back.
 */
@ApplicationScoped
public class RollbackService {
    @Inject
    EditRepository edits;
    @Inject
    EditQueries queries;
    @Inject
    EditSteps steps;
    @Inject
    AuditService audit;
    @Inject
    FaultInjector faults;

    /** Result of one rollback in a bulk rollback. */
    public record RollbackResult(long id, boolean rolledBack, String detail) {
    }

    /** Rolls an applied edit back from the KG and the model; the author or an admin may. */
    public EditView rollback(long id, String actor, boolean admin) {
        return steps.decideUnderLock(() -> {
            Edit e = QuarkusTransaction.requiringNew().call(() -> queries.find(id));
            if (!admin && !e.author.equals(actor)) {
                throw ControllerException.forbidden("only the author (" + e.author + ") or an admin may roll back edit " + id);
            }
            e.requireRollbackable();
            Set<String> keys = keys(e);
            QuarkusTransaction.requiringNew().run(() -> {
                for (Edit later : edits.appliedAfter(id)) {
                    Set<String> common = new HashSet<>(keys(later));
                    common.retainAll(keys);
                    if (!common.isEmpty()) {
                        throw ControllerException.conflict("edit " + id + " cannot be rolled back: edit " + later.id + " by "
                                + later.author + " changed the same subject and relation (" + String.join(", ", common)
                                + ") after it; roll back edit " + later.id + " first");
                    }
                }
                Edit x = queries.find(id);
                x.rollbackStarted(actor);
                audit.record(actor, "edit.rollback-started", id, EditSteps.describe(x));
            });
            faults.check(FaultInjector.AFTER_ROLLBACK_RECORD);
            return new EditSteps.Decision(id, true);
        }, started -> steps.rollbackPlanned(started, false));
    }

    /** An admin rolls back every applied edit of one user, newest first; edits others built on are refused. */
    public List<RollbackResult> rollbackAllOf(String username, String admin) {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> edits.appliedBy(username).stream().map(e -> e.id).toList());
        List<RollbackResult> out = new ArrayList<>();
        for (long id : ids) {
            try {
                EditView v = rollback(id, admin, true);
                out.add(new RollbackResult(id, v.status() == EditStatus.ROLLED_BACK, "now " + v.status()));
            } catch (ControllerException ex) {
                out.add(new RollbackResult(id, false, ex.getMessage()));
            }
        }
        return out;
    }

    /** subject|relation of every triple an edit's change set touched. */
    private static Set<String> keys(Edit e) {
        Set<String> keys = new HashSet<>();
        if (e.changeSet == null || e.noChange) {
            return keys;
        }
        ChangeSet cs = Json.changeSet(e.changeSet);
        for (Triple t : cs.added()) {
            keys.add(t.subject() + "|" + t.relation());
        }
        for (Triple t : cs.removed()) {
            keys.add(t.subject() + "|" + t.relation());
        }
        return keys;
    }
}
