package dev.concord.controller;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Revision;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The edit workflow (ARCHITECTURE.md): check, decide, apply to the KG and the model as one logical
 * step, review, rollback, and recovery after a crash.
 *
 * <p>Ordering: checking and committing to the KG happen under one fair lock, so two edits never
 * decide on the same graph state; the model step is queued on {@link ModelGateway}'s single
 * worker while the lock is still held, so the model sees edits in KG order.
 *
 * <p>Crash consistency: every edit is recorded with its plan (step PLANNED) before the KG is
 * touched; the KG revision carries the edit id in its author tag, so recovery can tell whether
 * the commit happened; model edits use the edit's id, which the editor treats idempotently. Each
 * step is recorded in its own transaction. {@link #recover()} finishes what a crash interrupted.
 */
@ApplicationScoped
public class EditService {
    private static final Logger LOG = Logger.getLogger(EditService.class);
    static final String MODEL_ID_PREFIX = "concord-edit-";

    @Inject
    KnowledgeGraph kg;
    @Inject
    EditRepository edits;
    @Inject
    AuditService audit;
    @Inject
    AuditRepository auditEvents;
    @Inject
    ContentPolicy contentPolicy;
    @Inject
    ModelGateway model;
    @Inject
    ConcordConfig config;
    @Inject
    FaultInjector faults;

    private final ReentrantLock lock = new ReentrantLock(true);

    /** Result of one rollback in a bulk rollback. */
    public record RollbackResult(long id, boolean rolledBack, String detail) {
    }

    private EditPlanner planner() {
        return new EditPlanner(kg);
    }

    private ConflictPolicy policy() {
        return ConflictPolicy.parse(config.conflictPolicy());
    }

    private boolean modelEnabled() {
        return config.model().enabled();
    }

    /** The configured editing method; AUTO (the default) lets the loaded model's editor choose. */
    static EditMethod method(String configured, KnowledgeEditor ed) {
        String m = configured.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (m.equals("AUTO")) {
            return ed.defaultMethod();
        }
        try {
            return EditMethod.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw ControllerException.badInput("concord.model.method must be one of AUTO, ROME, MEMIT, ALPHAEDIT, MEMOIR, GRACE, FT_L, FT_M,"
                    + " found '" + configured + "'");
        }
    }

    // --- queries ----------------------------------------------------------------------------

    public EditView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> find(id).view());
    }

    public List<EditView> list(EditStatus status, String author, int offset, int limit) {
        return QuarkusTransaction.requiringNew().call(() ->
                edits.search(status, author, offset, limit).stream().map(Edit::view).toList());
    }

    public List<EditView> reviews() {
        return QuarkusTransaction.requiringNew().call(() -> edits.pendingReview().stream().map(Edit::view).toList());
    }

    public List<AuditView> history(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            find(id);
            return auditEvents.ofEdit(id).stream().map(AuditEvent::view).toList();
        });
    }

    private Edit find(long id) {
        return edits.findByIdOptional(id).orElseThrow(() -> ControllerException.notFound("no edit with id " + id));
    }

    // --- submit -----------------------------------------------------------------------------

    /** Checks, decides and (when the decision is to apply) applies an edit; returns it as it ended. */
    public EditView submit(String author, EditRequest request) {
        CompletableFuture<?> modelStep = null;
        long id;
        // The content check may ask a remote moderation provider: done before taking the edit
        // lock so a slow provider does not hold up everyone else's edits.
        Optional<Conflict> policyFlag = request.op() == EditOp.ASSERT ? contentPolicy.check(request) : Optional.empty();
        lock.lock();
        try {
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
            id = QuarkusTransaction.requiringNew().call(() -> {
                if (applying) {
                    e.status = EditStatus.APPLIED;
                    e.step = EditStep.PLANNED;
                }
                edits.persist(e);
                edits.flush();
                if (applying) {
                    plan(e, t, toDisplace);
                }
                audit.record(author, "edit.submitted", e.id, describe(e));
                return e.id;
            });
            faults.check(FaultInjector.AFTER_RECORD);
            if (apply) {
                modelStep = applyPlanned(id, false);
            }
        } finally {
            lock.unlock();
        }
        return awaitModel(id, modelStep);
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

    /** Fills in the KG change set and the model plan of an edit about to be applied (inside its transaction, id known). */
    private void plan(Edit e, Triple t, List<Triple> displaced) {
        EditPlanner planner = planner();
        e.modelEditId = MODEL_ID_PREFIX + e.id;
        if (e.op == EditOp.ASSERT) {
            e.changeSet = Json.changeSet(planner.assertChange(t, displaced));
            e.modelAction = modelEnabled() ? ModelAction.TEACH : ModelAction.NONE;
            e.modelFacts = Json.facts(planner.teachFacts(t));
        } else {
            e.changeSet = Json.changeSet(planner.retractChange(t));
            Optional<Edit> teacher = modelEnabled() ? teacherOf(t, planner) : Optional.empty();
            if (teacher.isPresent()) {
                e.modelAction = ModelAction.ROLLBACK_OF;
                e.modelTarget = teacher.get().modelEditId;
            } else {
                e.modelAction = modelEnabled() ? ModelAction.NEUTRALISE : ModelAction.NONE;
                e.modelFacts = Json.facts(planner.neutralFacts(t));
            }
        }
        if (!modelEnabled()) {
            e.modelNote = "graph-only mode: the model is not edited";
        }
    }

    /** The newest applied assertion whose model edit taught this fact (or its inverse). */
    private Optional<Edit> teacherOf(Triple t, EditPlanner planner) {
        Optional<Triple> inverse = planner.inverse(t);
        for (Edit candidate : edits.appliedTeaching()) {
            ChangeSet cs = Json.changeSet(candidate.changeSet);
            if (cs.added().contains(t) || inverse.map(cs.added()::contains).orElse(false)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
        CompletableFuture<?> step;
        long id;
        lock.lock();
        try {
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
            id = QuarkusTransaction.requiringNew().call(() -> {
                edits.persist(e);
                edits.flush();
                e.modelEditId = MODEL_ID_PREFIX + e.id;
                audit.record(author, "edit.sync-submitted", e.id, describe(e) + ", " + triples.size() + " fact(s)");
                return e.id;
            });
            step = model.submit(editor -> {
                modelStep(id, editor);
                return null;
            });
        } finally {
            lock.unlock();
        }
        return awaitModel(id, step);
    }

    // --- applying ---------------------------------------------------------------------------

    private static String applyTag(long id) {
        return "[concord-edit " + id + "]";
    }

    private static String rollbackTag(long id) {
        return "[concord-rollback " + id + "]";
    }

    private Optional<Revision> tagged(String tag) {
        List<Revision> history = kg.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).author().endsWith(tag)) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** KG step of an edit at PLANNED: commit (once) and record the revision; then queue the model step. */
    private CompletableFuture<?> applyPlanned(long id, boolean recovering) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            CompletableFuture<?> f = applyPlannedUntimed(id, recovering);
            ok = true;
            return f;
        } finally {
            WorkflowMetrics.step("graph", t0, ok);
        }
    }

    private CompletableFuture<?> applyPlannedUntimed(long id, boolean recovering) {
        Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
        ChangeSet cs = Json.changeSet(e.changeSet);
        String tag = e.author + " " + applyTag(id);
        Optional<Revision> done = recovering ? tagged(applyTag(id)) : Optional.empty();
        Revision rev = done.orElseGet(() -> kg.apply(cs, tag));
        faults.check(FaultInjector.AFTER_KG_COMMIT);
        QuarkusTransaction.requiringNew().run(() -> {
            Edit x = find(id);
            x.kgRevision = rev.number();
            x.changeSet = Json.changeSet(rev.changes());
            x.step = EditStep.KG_DONE;
            x.updatedAt = Instant.now();
        });
        faults.check(FaultInjector.AFTER_KG_RECORDED);
        return model.submit(editor -> {
            modelStep(id, editor);
            return null;
        });
    }

    /** Model step of an edit at KG_DONE, on the model worker (timed). */
    private void modelStep(long id, Optional<KnowledgeEditor> editor) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            modelStepUntimed(id, editor);
            ok = true;
        } finally {
            WorkflowMetrics.step("model", t0, ok);
        }
    }

    private void modelStepUntimed(long id, Optional<KnowledgeEditor> editor) {
        Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
        if (e.step != EditStep.KG_DONE) {
            return;
        }
        String note = e.modelNote;
        String failure = null;
        ModelCheck check = null;
        if (e.modelAction != ModelAction.NONE) {
            if (editor.isEmpty()) {
                note = "the model was not changed: " + model.status().message();
            } else {
                KnowledgeEditor ed = editor.get();
                try {
                    switch (e.modelAction) {
                        case TEACH, NEUTRALISE -> {
                            EditMethod m = method(config.model().method(), ed);
                            if (e.op == EditOp.SYNC && !config.model().batchMethod().strip().equalsIgnoreCase("AUTO")) {
                                m = method(config.model().batchMethod(), ed);
                            }
                            List<FactEdit> facts = Json.facts(e.modelFacts);
                            List<ModelCheck.Probe> probes = e.op == EditOp.ASSERT && e.modelAction == ModelAction.TEACH
                                    ? probes(e, facts) : List.of();
                            List<String> before = answers(ed, probes);
                            long t0 = System.nanoTime();
                            EditRecord r;
                            try {
                                r = ed.apply(e.modelEditId, m, facts);
                            } catch (RuntimeException ex) {
                                WorkflowMetrics.modelEdit(m.name(), t0, false);
                                throw ex;
                            }
                            WorkflowMetrics.modelEdit(m.name(), t0, true);
                            note = r.facts().size() + " fact(s) written with " + r.method() + " into " + ed.modelName();
                            check = checked(r.method(), probes, before, answers(ed, probes));
                        }
                        case ROLLBACK_OF -> {
                            if (ed.find(e.modelTarget).isPresent()) {
                                ed.rollback(e.modelTarget);
                                note = "rolled back model edit " + e.modelTarget + " that taught the fact";
                            } else {
                                note = "model edit " + e.modelTarget + " is not in the log; nothing to roll back";
                            }
                        }
                        default -> throw new IllegalStateException("unexpected model action " + e.modelAction);
                    }
                } catch (EditorException | ControllerException ex) {
                    failure = ex.getMessage();
                }
            }
        }
        faults.check(FaultInjector.AFTER_MODEL_EDIT);
        if (failure != null) {
            compensate(id, e, failure);
            return;
        }
        String finalNote = note;
        String finalCheck = Json.check(check);
        QuarkusTransaction.requiringNew().run(() -> {
            Edit x = find(id);
            x.step = EditStep.DONE;
            x.modelNote = finalNote;
            x.modelCheck = finalCheck;
            x.updatedAt = Instant.now();
            audit.record(x.author, x.op == EditOp.ASSERT ? "edit.applied" : "edit.retracted", id, describe(x));
        });
    }

    /** Probes of the per-edit check: unrelated facts taken from the graph, seeded by the edit id. */
    private static final int CHECK_PHRASINGS = 2;
    private static final int CHECK_UNRELATED = 2;
    private static final int CHECK_ANSWER_CHARS = 160;

    /** The edit's own prompt, two other phrasings of its relation and two unrelated graph facts. */
    private List<ModelCheck.Probe> probes(Edit e, List<FactEdit> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        try {
            {
                EditPlanner planner = planner();
                FactEdit own = facts.get(0);
                List<ModelCheck.Probe> out = new ArrayList<>();
                out.add(new ModelCheck.Probe(ModelCheck.Kind.EDIT, own.prompt(), own.target(), null, null, false, false));
                for (String p : planner.phrasings(e.subject, e.relation, CHECK_PHRASINGS)) {
                    out.add(new ModelCheck.Probe(ModelCheck.Kind.PHRASING, p, own.target(), null, null, false, false));
                }
                int added = 0;
                for (var f : dev.concord.controller.agreement.AgreementAudit.facts(kg, 50, e.id)) {
                    if (added == CHECK_UNRELATED) {
                        break;
                    }
                    if (!f.subject().equals(e.subject) && !f.object().equals(e.object)) {
                        out.add(new ModelCheck.Probe(ModelCheck.Kind.UNRELATED, f.prompt(), f.expected(), null, null,
                                false, false));
                        added++;
                    }
                }
                return out;
            }
        } catch (RuntimeException ex) {
            LOG.warnf("Edit %d: no per-edit check (%s)", e.id, ex.getMessage());
            return List.of();
        }
    }

    private List<String> answers(KnowledgeEditor ed, List<ModelCheck.Probe> probes) {
        if (probes.isEmpty()) {
            return List.of();
        }
        return ed.model().generateAll(probes.stream().map(ModelCheck.Probe::prompt).toList(), config.model().answerTokens())
                .stream().map(a -> {
                    String s = a.strip();
                    return s.length() > CHECK_ANSWER_CHARS ? s.substring(0, CHECK_ANSWER_CHARS) : s;
                }).toList();
    }

    private static ModelCheck checked(EditMethod method, List<ModelCheck.Probe> probes, List<String> before,
                                      List<String> after) {
        if (probes.isEmpty()) {
            return null;
        }
        List<ModelCheck.Probe> out = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            ModelCheck.Probe p = probes.get(i);
            out.add(new ModelCheck.Probe(p.kind(), p.prompt(), p.expected(), before.get(i), after.get(i),
                    dev.concord.controller.agreement.AgreementAudit.agrees(before.get(i), p.expected()),
                    dev.concord.controller.agreement.AgreementAudit.agrees(after.get(i), p.expected())));
        }
        return new ModelCheck(method.name(), out);
    }

    /** The model refused an edit: undo its KG change and mark it FAILED. */
    private void compensate(long id, Edit e, String failure) {
        LOG.warnf("Model edit of edit %d failed, undoing its KG change: %s", id, failure);
        Long undo = null;
        if (e.kgRevision != null) {
            String tag = "system " + rollbackTag(id);
            undo = tagged(rollbackTag(id)).orElseGet(() -> kg.revert(e.kgRevision, tag)).number();
        }
        Long undoRevision = undo;
        QuarkusTransaction.requiringNew().run(() -> {
            Edit x = find(id);
            x.status = EditStatus.FAILED;
            x.step = EditStep.DONE;
            x.reason = "the model edit failed, the graph change was undone: " + failure;
            x.rollbackRevision = undoRevision;
            x.updatedAt = Instant.now();
            audit.record("system", "edit.failed", id, x.reason);
        });
    }

    private EditView awaitModel(long id, CompletableFuture<?> step) {
        if (step != null) {
            try {
                step.get(config.model().requestWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.debugf("Edit %d: the model step is still queued; answering without waiting", id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new ControllerException(ControllerException.Kind.INTERNAL, "model step failed: " + e.getCause(), e.getCause());
            }
        }
        return get(id);
    }

    // --- review -----------------------------------------------------------------------------

    /** An admin approves a pending edit: checked again against the graph as it is now, then applied. */
    public EditView approve(long id, String reviewer) {
        CompletableFuture<?> step = null;
        lock.lock();
        try {
            Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
            requirePending(e);
            Triple t = Json.tripleViews(e.triples).get(0).toTriple();
            EditPlanner.Check check = planner().checkAssert(t);
            boolean apply = QuarkusTransaction.requiringNew().call(() -> {
                Edit x = find(id);
                requirePending(x);
                x.reviewer = reviewer;
                x.status = EditStatus.APPLIED;
                x.updatedAt = Instant.now();
                if (check.duplicate()) {
                    x.noChange = true;
                    x.reason = "approved; already known by then: nothing changed";
                    x.step = EditStep.DONE;
                } else {
                    x.reason = "approved by " + reviewer;
                    x.step = EditStep.PLANNED;
                    plan(x, t, check.displaced());
                }
                audit.record(reviewer, "review.approved", id, describe(x));
                return !check.duplicate();
            });
            if (apply) {
                step = applyPlanned(id, false);
            }
        } finally {
            lock.unlock();
        }
        return awaitModel(id, step);
    }

    public EditView reject(long id, String reviewer, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ControllerException.badInput("reason must be a non-empty string");
        }
        if (reason.length() > 2000) {
            throw ControllerException.badInput("reason must be at most 2000 characters, found " + reason.length());
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Edit x = find(id);
            requirePending(x);
            x.reviewer = reviewer;
            x.status = EditStatus.REJECTED;
            x.reason = reason.strip();
            x.updatedAt = Instant.now();
            audit.record(reviewer, "review.rejected", id, describe(x) + ": " + x.reason);
            return x.view();
        });
    }

    private static void requirePending(Edit e) {
        if (e.status != EditStatus.PENDING_REVIEW) {
            throw ControllerException.conflict("edit " + e.id + " is " + e.status + "; only a PENDING_REVIEW edit can be reviewed");
        }
    }

    // --- rollback ---------------------------------------------------------------------------

    /** Rolls an applied edit back from the KG and the model; the author or an admin may. */
    public EditView rollback(long id, String actor, boolean admin) {
        CompletableFuture<?> step;
        lock.lock();
        try {
            Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
            if (!admin && !e.author.equals(actor)) {
                throw ControllerException.forbidden("only the author (" + e.author + ") or an admin may roll back edit " + id);
            }
            if (e.status != EditStatus.APPLIED) {
                throw ControllerException.conflict("edit " + id + " is " + e.status + "; only an APPLIED edit can be rolled back");
            }
            if (e.step != EditStep.DONE) {
                throw ControllerException.conflict("edit " + id + " is still being applied (step " + e.step + "); try again shortly");
            }
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
                Edit x = find(id);
                x.step = EditStep.ROLLBACK_PLANNED;
                x.rolledBackBy = actor;
                x.updatedAt = Instant.now();
                audit.record(actor, "edit.rollback-started", id, describe(x));
            });
            faults.check(FaultInjector.AFTER_ROLLBACK_RECORD);
            step = rollbackPlanned(id, false);
        } finally {
            lock.unlock();
        }
        return awaitModel(id, step);
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

    private CompletableFuture<?> rollbackPlanned(long id, boolean recovering) {
        Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
        Long undo = null;
        if (e.kgRevision != null && !e.noChange) {
            String tag = e.rolledBackBy + " " + rollbackTag(id);
            Optional<Revision> done = recovering ? tagged(rollbackTag(id)) : Optional.empty();
            undo = done.orElseGet(() -> kg.revert(e.kgRevision, tag)).number();
        }
        faults.check(FaultInjector.AFTER_ROLLBACK_KG_COMMIT);
        Long undoRevision = undo;
        QuarkusTransaction.requiringNew().run(() -> {
            Edit x = find(id);
            x.rollbackRevision = undoRevision;
            x.step = EditStep.ROLLBACK_KG_DONE;
            x.updatedAt = Instant.now();
        });
        faults.check(FaultInjector.AFTER_ROLLBACK_KG_RECORDED);
        return model.submit(editor -> {
            modelUndo(id, editor);
            return null;
        });
    }

    private void modelUndo(long id, Optional<KnowledgeEditor> editor) {
        Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
        if (e.step != EditStep.ROLLBACK_KG_DONE) {
            return;
        }
        String note = e.modelNote;
        if (editor.isPresent() && e.modelAction != ModelAction.NONE) {
            KnowledgeEditor ed = editor.get();
            try {
                switch (e.modelAction) {
                    case TEACH, NEUTRALISE -> {
                        if (ed.find(e.modelEditId).isPresent()) {
                            ed.rollback(e.modelEditId);
                        }
                        List<Edit> retractions = QuarkusTransaction.requiringNew().call(() -> edits.undoneRetractionsOf(e.modelEditId));
                        for (Edit r : retractions) {
                            String reteach = r.modelEditId + "-undo";
                            if (ed.find(reteach).isPresent()) {
                                ed.rollback(reteach);
                            }
                        }
                        note = "model edit " + e.modelEditId + " rolled back";
                    }
                    case ROLLBACK_OF -> {
                        Optional<EditRecord> target = ed.find(e.modelTarget);
                        if (target.isPresent()) {
                            ed.apply(e.modelEditId + "-undo", target.get().method(), target.get().facts());
                            note = "re-taught the facts of model edit " + e.modelTarget + " as " + e.modelEditId + "-undo";
                        }
                    }
                    default -> throw new IllegalStateException("unexpected model action " + e.modelAction);
                }
            } catch (EditorException ex) {
                note = "the model undo failed: " + ex.getMessage();
                LOG.warnf("Rollback of edit %d: %s", id, note);
            }
        }
        faults.check(FaultInjector.AFTER_MODEL_UNDO);
        String finalNote = note;
        QuarkusTransaction.requiringNew().run(() -> {
            Edit x = find(id);
            x.status = EditStatus.ROLLED_BACK;
            x.step = EditStep.DONE;
            x.modelNote = finalNote;
            x.updatedAt = Instant.now();
            audit.record(x.rolledBackBy == null ? "system" : x.rolledBackBy, "edit.rolled-back", id, describe(x));
        });
    }

    // --- recovery ---------------------------------------------------------------------------

    /**
     * Finishes every edit a crash interrupted, oldest first: commits a planned KG change unless
     * its tagged revision exists, then queues the (idempotent) model step; the same for
     * rollbacks. Returns the model steps queued (they run once the model is ready).
     */
    public List<CompletableFuture<?>> recover() {
        List<CompletableFuture<?>> queued = new ArrayList<>();
        lock.lock();
        try {
            List<Edit> unfinished = QuarkusTransaction.requiringNew().call(() -> edits.unfinished());
            for (Edit e : unfinished) {
                LOG.infof("Recovering edit %d (status %s, step %s)", e.id, e.status, e.step);
                QuarkusTransaction.requiringNew().run(() ->
                        audit.record("system", "edit.recovering", e.id, "step " + e.step));
                switch (e.step) {
                    case PLANNED -> queued.add(applyPlanned(e.id, true));
                    case KG_DONE -> queued.add(model.submit(editor -> {
                        modelStep(e.id, editor);
                        return null;
                    }));
                    case ROLLBACK_PLANNED -> queued.add(rollbackPlanned(e.id, true));
                    case ROLLBACK_KG_DONE -> queued.add(model.submit(editor -> {
                        modelUndo(e.id, editor);
                        return null;
                    }));
                    case DONE -> {
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        return queued;
    }

    /** Runs a KG-reading action under the edit lock (consistent snapshot with respect to edits). */
    public <T> T underLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static String describe(Edit e) {
        String obj = e.datatype == null ? e.object : '"' + e.object + '"';
        return e.op + " (" + e.subject + ", " + e.relation + ", " + obj + ") -> " + e.status
                + (e.reason == null ? "" : " (" + e.reason + ")");
    }

}
