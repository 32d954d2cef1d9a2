package dev.concord.controller;

import dev.concord.editor.FactEdit;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * New edits: an edit request is checked against the graph and its schema, decided by the conflict
 * policy, recorded, and (when the decision is to apply) handed to {@link EditSteps}; and the
 * agreement audit's "teach these" batches. Checking and committing to the graph happen under the
 * one {@link EditLock}; the model step is queued while the lock is still held, so the model sees
 * edits in graph order. Reading edits is {@link EditQueries}, review {@link ReviewService},
 * rollback {@link RollbackService} (ARCHITECTURE.md, "The edit workflow").
 */
@ApplicationScoped
public class EditService {
    @Inject
    KnowledgeGraph kg;
    @Inject
    EditRepository edits;
    @Inject
    AuditService audit;
    @Inject
    ContentPolicy contentPolicy;
    @Inject
    ConcordConfig config;
    @Inject
    FaultInjector faults;
    @Inject
    EditSteps steps;

    private EditPlanner planner() {
        return new EditPlanner(kg);
    }

    private ConflictPolicy policy() {
        return ConflictPolicy.parse(config.conflictPolicy());
    }

    private boolean modelEnabled() {
        return config.model().enabled();
    }

    /** Checks, decides and (when the decision is to apply) applies an edit; returns it as it ended. */
    public EditView submit(String author, EditRequest request) {
        // The content check may ask a remote moderation provider: done before taking the edit
        // lock so a slow provider does not hold up everyone else's edits.
        Optional<Conflict> policyFlag = request.op() == EditOp.ASSERT ? contentPolicy.check(request) : Optional.empty();
        return steps.decideUnderLock(() -> {
            EditPlanner planner = planner();
            // an aligned relation the subject already uses wins, so a synonym cannot slip past conflict checks
            Triple t = planner.canonical(request.triple());
            planner.relation(t.relation());
            Edit e = newEdit(author, request, t);
            List<Conflict> conflicts = new ArrayList<>();
            boolean apply = false;
            List<Triple> displaced = List.of();
            if (request.op() == EditOp.ASSERT) {
                EditPlanner.Check check = planner.checkAssert(t);
                conflicts.addAll(check.conflicts());
                Optional<Conflict> flagged = check.duplicate() ? Optional.empty() : policyFlag;
                flagged.ifPresent(conflicts::add);
                if (check.duplicate()) {
                    e.status = EditStatus.APPLIED;
                    e.noChange = true;
                    e.reason = "already known: nothing changed";
                } else if (flagged.isPresent()) {
                    decideConflict(e, policy() == ConflictPolicy.REJECT ? ConflictPolicy.REJECT : ConflictPolicy.REVIEW, conflicts);
                } else if (!check.hasBlockingConflict()) {
                    apply = true;
                } else if (policy() == ConflictPolicy.LATEST_WINS) {
                    apply = true;
                    displaced = check.displaced();
                } else {
                    decideConflict(e, policy(), conflicts);
                }
            } else if (!planner.holds(t)) {
                conflicts.add(new Conflict(ConflictKind.MISSING, "the graph does not hold " + t + "; nothing to retract",
                        List.of(TripleView.of(t))));
                e.status = EditStatus.REJECTED;
                e.reason = "nothing to retract: the graph does not hold " + t;
            } else {
                apply = true;
            }
            e.conflicts = Json.conflicts(conflicts);
            boolean applying = apply;
            List<Triple> toDisplace = displaced;
            long id = QuarkusTransaction.requiringNew().call(() -> {
                if (applying) {
                    e.status = EditStatus.APPLIED;
                    e.step = EditStep.PLANNED;
                }
                edits.persist(e);
                edits.flush();
                if (applying) {
                    steps.plan(e, t, toDisplace);
                }
                audit.record(author, "edit.submitted", e.id, EditSteps.describe(e));
                return e.id;
            });
            faults.check(FaultInjector.AFTER_RECORD);
            return new EditSteps.Decision(id, apply);
        }, id -> steps.applyPlanned(id, false));
    }

    private Edit newEdit(String author, EditRequest request, Triple t) {
        Edit e = new Edit();
        e.op = request.op();
        e.author = author;
        e.text = request.text();
        e.subject = t.subject();
        e.relation = t.relation();
        e.object = t.object().value();
        e.datatype = request.datatype();
        e.triples = Json.triples(List.of(t));
        e.conflicts = "[]";
        e.step = EditStep.DONE;
        e.modelAction = ModelAction.NONE;
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        return e;
    }

    private static void decideConflict(Edit e, ConflictPolicy policy, List<Conflict> conflicts) {
        String kinds = String.join(", ", conflicts.stream().map(c -> c.kind().name()).distinct().toList());
        if (policy == ConflictPolicy.REJECT) {
            e.status = EditStatus.REJECTED;
            e.reason = "rejected by the conflict policy: " + kinds;
        } else {
            e.status = EditStatus.PENDING_REVIEW;
            e.reason = "waiting for an admin: " + kinds;
        }
    }

    /** The most graph facts one "teach these" batch may hold (the edit's fact columns hold about 150). */
    public static final int MAX_TEACH = 100;

    /**
     * The agreement audit's "teach these": graph facts the model disagrees with, written into the
     * model as one batch edit (op SYNC). The graph is not changed; the edit is listed, audited and
     * rolled back (from the model) like any other.
     */
    public EditView teach(String author, List<Triple> triples) {
        if (triples == null || triples.isEmpty()) {
            throw ControllerException.badInput("expected at least one fact to teach, found none");
        }
        if (triples.size() > MAX_TEACH) {
            throw ControllerException.badInput("expected at most " + MAX_TEACH + " facts in one batch, found "
                    + triples.size() + "; teach them in several batches");
        }
        if (!modelEnabled()) {
            throw ControllerException.conflict("graph-only mode: there is no model to teach");
        }
        return steps.decideUnderLock(() -> {
            EditPlanner planner = planner();
            List<FactEdit> facts = new ArrayList<>();
            for (Triple t : triples) {
                if (!kg.contains(t)) {
                    throw ControllerException.badInput("the graph does not hold " + t + "; only graph facts can be taught");
                }
                List<FactEdit> f = planner.teachFacts(t);
                if (f.isEmpty()) {
                    throw ControllerException.badInput("relation " + t.relation() + " of " + t
                            + " has no prompt template the model could be taught with");
                }
                facts.add(f.get(0));
            }
            Triple first = triples.get(0);
            Edit e = newEdit(author, new EditRequest(first.subject(), first.relation(), first.object().value(),
                    first.object() instanceof Term.Literal l ? l.datatype() : null, EditOp.ASSERT,
                    "agreement audit: teach the model " + triples.size() + " graph fact(s)"), first);
            e.op = EditOp.SYNC;
            e.triples = Json.triples(triples);
            e.status = EditStatus.APPLIED;
            e.step = EditStep.KG_DONE;
            e.changeSet = Json.changeSet(new ChangeSet(List.of(), List.of()));
            e.modelAction = ModelAction.TEACH;
            e.modelFacts = Json.facts(facts);
            e.reason = "graph facts the model disagreed with; the graph is unchanged";
            long id = QuarkusTransaction.requiringNew().call(() -> {
                edits.persist(e);
                edits.flush();
                e.modelEditId = EditSteps.MODEL_ID_PREFIX + e.id;
                audit.record(author, "edit.sync-submitted", e.id, EditSteps.describe(e) + ", " + triples.size() + " fact(s)");
                return e.id;
            });
            return new EditSteps.Decision(id, true);
        }, steps::queueModelStep);
    }
}
