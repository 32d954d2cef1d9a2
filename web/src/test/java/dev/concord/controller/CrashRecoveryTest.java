package dev.concord.controller;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Revision;
import dev.concord.kg.Triple;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash at every step boundary of an apply and of a rollback (an injected fault stops the
 * workflow there), then the start-up recovery pass: the graph, the edit record and the KG
 * history agree, and no change was committed twice.
 */
@QuarkusTest
class CrashRecoveryTest {
    @Inject
    EditService edits;
    @Inject
    EditQueries queries;
    @Inject
    EditSteps steps;
    @Inject
    RollbackService rollbacks;
    @Inject
    FaultInjector faults;
    @Inject
    KnowledgeGraph kg;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    private void restart() throws Exception {
        for (CompletableFuture<?> f : steps.recover()) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    private long revisionsTagged(String tag) {
        return kg.history().stream().map(Revision::author).filter(a -> a.endsWith(tag)).count();
    }

    private EditView latestBy(String author) {
        List<EditView> mine = queries.list(null, author, 0, 10);
        assertEquals(1, mine.size(), "one edit by " + author);
        return mine.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {FaultInjector.AFTER_RECORD, FaultInjector.AFTER_KG_COMMIT,
            FaultInjector.AFTER_KG_RECORDED, FaultInjector.AFTER_MODEL_EDIT})
    void crashDuringApplyIsFinishedOnceByRecovery(String point) throws Exception {
        String author = "crash-apply-" + point;
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        faults.arm(point);
        assertThrows(FaultInjector.InjectedFault.class, () ->
                edits.submit(author, new EditRequest(man, "wife", woman, null, EditOp.ASSERT, null)));
        EditView crashed = latestBy(author);
        assertTrue(crashed.step() != EditStep.DONE, "the crash left the edit unfinished, found " + crashed.step());

        restart();

        EditView v = queries.get(crashed.id());
        assertEquals(EditStatus.APPLIED, v.status());
        assertEquals(EditStep.DONE, v.step());
        assertTrue(kg.contains(Triple.of(man, "wife", woman)));
        assertTrue(kg.contains(Triple.of(woman, "husband", man)));
        assertEquals(1, revisionsTagged("[concord-edit " + v.id() + "]"), "the KG change is committed exactly once");
        assertEquals(v.kgRevision(), kg.history().stream().filter(r -> r.author().endsWith("[concord-edit " + v.id() + "]"))
                .findFirst().orElseThrow().number(), "the recorded revision is the committed one");
        restart();
        assertEquals(1, revisionsTagged("[concord-edit " + v.id() + "]"), "a second recovery changes nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {FaultInjector.AFTER_ROLLBACK_RECORD, FaultInjector.AFTER_ROLLBACK_KG_COMMIT,
            FaultInjector.AFTER_ROLLBACK_KG_RECORDED, FaultInjector.AFTER_MODEL_UNDO})
    void crashDuringRollbackIsFinishedOnceByRecovery(String point) throws Exception {
        String author = "crash-rollback-" + point;
        String man = Api.unique("Man");
        String woman = Api.unique("Woman");
        EditView applied = edits.submit(author, new EditRequest(man, "wife", woman, null, EditOp.ASSERT, null));
        assertEquals(EditStatus.APPLIED, applied.status());
        faults.arm(point);
        assertThrows(FaultInjector.InjectedFault.class, () -> rollbacks.rollback(applied.id(), author, false));
        assertTrue(queries.get(applied.id()).step() != EditStep.DONE);

        restart();

        EditView v = queries.get(applied.id());
        assertEquals(EditStatus.ROLLED_BACK, v.status());
        assertEquals(EditStep.DONE, v.step());
        assertFalse(kg.contains(Triple.of(man, "wife", woman)));
        assertFalse(kg.contains(Triple.of(woman, "husband", man)));
        assertEquals(1, revisionsTagged("[concord-rollback " + v.id() + "]"), "the revert is committed exactly once");
        restart();
        assertEquals(1, revisionsTagged("[concord-rollback " + v.id() + "]"));
    }
}
