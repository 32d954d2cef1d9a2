package dev.concord.controller;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Triple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/** The review queue's decisions: an admin approves (checked again, then applied) or rejects a pending edit. */
@ApplicationScoped
public class ReviewService {
    @Inject
    KnowledgeGraph kg;
    @Inject
    EditQueries queries;
    @Inject
    EditSteps steps;
    @Inject
    AuditService audit;
    @Inject
    EditLock lock;

    /** An admin approves a pending edit: checked again against the graph as it is now, then applied. */
    public EditView approve(long id, String reviewer) {
        return steps.decideUnderLock(() -> {
            Edit e = QuarkusTransaction.requiringNew().call(() -> queries.find(id));
            e.requirePending();
            Triple t = Json.tripleViews(e.triples).get(0).toTriple();
            EditPlanner.Check check = new EditPlanner(kg).checkAssert(t);
            boolean apply = QuarkusTransaction.requiringNew().call(() -> {
                Edit x = queries.find(id);
                x.approvedBy(reviewer, check.duplicate());
                if (!check.duplicate()) {
                    steps.plan(x, t, check.displaced());
                }
                audit.record(reviewer, "review.approved", id, EditSteps.describe(x));
                return !check.duplicate();
            });
            return new EditSteps.Decision(id, apply);
        }, planned -> steps.applyPlanned(planned, false));
    }

    public EditView reject(long id, String reviewer, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ControllerException.badInput("reason must be a non-empty string");
        }
        if (reason.length() > 2000) {
            throw ControllerException.badInput("reason must be at most 2000 characters, found " + reason.length());
        }
        // under the edit lock, as approval is: two admins (on two replicas) deciding at once take turns,
        // and the second finds the edit decided (409)
        return lock.underLock(() -> QuarkusTransaction.requiringNew().call(() -> {
            Edit x = queries.find(id);
            x.rejectedBy(reviewer, reason.strip());
            audit.record(reviewer, "review.rejected", id, EditSteps.describe(x) + ": " + x.reason);
            return x.view();
        }));
    }
}
