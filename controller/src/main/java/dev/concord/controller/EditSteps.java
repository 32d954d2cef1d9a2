package dev.concord.controller;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Revision;
import dev.concord.kg.Triple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workflow's steps after the decision, and their recovery. Each step is recorded in its own
 * transaction before the next begins:
 * <ol>
 *   <li>{@link #plan}: the change set and the model plan (step PLANNED, in the caller's transaction);</li>
 *   <li>{@link #applyPlanned}: the graph commit, tagged with the edit id, then KG_DONE;</li>
 *   <li>the model step on the model worker (with the per-edit check), then DONE; a model failure
 *       reverts the graph change and the edit is FAILED;</li>
 *   <li>{@link #rollbackPlanned}: the revert (ROLLBACK_KG_DONE), then the model undo (DONE, ROLLED_BACK).</li>
 * </ol>
 * {@link #recover()} finishes whatever a crash interrupted: the revision tags tell whether a graph
 * commit happened, and the editor treats model edit ids idempotently.
 */
@ApplicationScoped
public class EditSteps {
    private static final Logger LOG = Logger.getLogger(EditSteps.class);
    static final String MODEL_ID_PREFIX = "concord-edit-";

    @Inject
    KnowledgeGraph kg;
    @Inject
    EditRepository edits;
    @Inject
    EditQueries queries;
    @Inject
    AuditService audit;
    @Inject
    ModelGateway model;
    @Inject
    ConcordConfig config;
    @Inject
    FaultInjector faults;
    @Inject
    EditLock lock;

    private EditPlanner planner() {
        return new EditPlanner(kg);
    }

    private boolean modelEnabled() {
        return config.model().enabled();
    }

    private Edit find(long id) {
        return queries.find(id);
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

    /** Fills in the KG change set and the model plan of an edit about to be applied (inside its transaction, id known). */
    void plan(Edit e, Triple t, List<Triple> displaced) {
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
    CompletableFuture<?> applyPlanned(long id, boolean recovering) {
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
        QuarkusTransaction.requiringNew().run(() -> find(id).graphCommitted(rev.number(), Json.changeSet(rev.changes())));
        faults.check(FaultInjector.AFTER_KG_RECORDED);
        return queueModelStep(id);
    }

    /** Queues the model step of an edit at KG_DONE on the model worker. */
    CompletableFuture<?> queueModelStep(long id) {
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
            x.modelDone(finalNote, finalCheck);
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
            x.failed("the model edit failed, the graph change was undone: " + failure, undoRevision);
            audit.record("system", "edit.failed", id, x.reason);
        });
    }

    /** What a decision under the lock recorded: the edit, and whether its next step runs now. */
    record Decision(long id, boolean proceed) {
    }

    /** A decision taken and, when it proceeded, its next step started. */
    private record Decided(long id, CompletableFuture<?> step) {
    }

    /**
     * The shape of every decision: under the edit lock, {@code decide} records the decision; when it
     * says proceed, {@code next} starts the edit's next step (still under the lock, so the model sees
     * edits in graph order). Then, without the lock, waits for the model step up to the request wait.
     */
    EditView decideUnderLock(java.util.function.Supplier<Decision> decide,
                             java.util.function.LongFunction<CompletableFuture<?>> next) {
        CompletableFuture<?> step = null;
        long id;
        lock.lock();
        try {
            // under the lock no one else changes the schema: read it once for the whole decision
            Decided done = kg.withSchemaSnapshot(() -> {
                Decision d = decide.get();
                return new Decided(d.id(), d.proceed() ? next.apply(d.id()) : null);
            });
            id = done.id();
            step = done.step();
        } finally {
            lock.unlock();
        }
        return awaitModel(id, step);
    }

    /** Waits for the model step up to the configured request wait, then returns the edit as it is. */
    EditView awaitModel(long id, CompletableFuture<?> step) {
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
        return queries.get(id);
    }

    /** Rollback at ROLLBACK_PLANNED: commits the revert (once), records it, queues the model undo. */
    CompletableFuture<?> rollbackPlanned(long id, boolean recovering) {
        Edit e = QuarkusTransaction.requiringNew().call(() -> find(id));
        Long undo = null;
        if (e.kgRevision != null && !e.noChange) {
            String tag = e.rolledBackBy + " " + rollbackTag(id);
            Optional<Revision> done = recovering ? tagged(rollbackTag(id)) : Optional.empty();
            undo = done.orElseGet(() -> kg.revert(e.kgRevision, tag)).number();
        }
        faults.check(FaultInjector.AFTER_ROLLBACK_KG_COMMIT);
        Long undoRevision = undo;
        QuarkusTransaction.requiringNew().run(() -> find(id).revertCommitted(undoRevision));
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
            x.rolledBack(finalNote);
            audit.record(x.rolledBackBy == null ? "system" : x.rolledBackBy, "edit.rolled-back", id, describe(x));
        });
    }

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
                    case KG_DONE -> queued.add(queueModelStep(e.id));
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

    static String describe(Edit e) {
        String obj = e.datatype == null ? e.object : '"' + e.object + '"';
        return e.op + " (" + e.subject + ", " + e.relation + ", " + obj + ") -> " + e.status
                + (e.reason == null ? "" : " (" + e.reason + ")");
    }

}
