package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test hook for crash-consistency tests, in two modes. In-process: arm a step boundary by name
 * and the next time the workflow reaches it, it throws {@link InjectedFault} as if the process
 * had died there. Across processes (TEST ONLY, for the kill -9 integration test): with
 * {@code concord.test.pause-at} (system property or CONCORD_TEST_PAUSE_AT) naming a boundary,
 * the first thread that reaches it prints {@link #PAUSE_MARKER} and the boundary's name on
 * standard output and blocks for good, so the test can kill the process exactly there.
 * Unarmed and with the property unset (always, in production) it does nothing.
 */
@ApplicationScoped
public class FaultInjector {
    private static final Logger LOG = Logger.getLogger(FaultInjector.class);

    /** Printed (followed by a space and the boundary) when a thread pauses at {@code concord.test.pause-at}. */
    public static final String PAUSE_MARKER = "CONCORD-TEST-PAUSED-AT";

    /** The boundaries the workflow passes, in order, for an apply and for a rollback. */
    public static final String AFTER_RECORD = "after-record";
    public static final String AFTER_KG_COMMIT = "after-kg-commit";
    public static final String AFTER_KG_RECORDED = "after-kg-recorded";
    public static final String AFTER_MODEL_EDIT = "after-model-edit";
    public static final String AFTER_ROLLBACK_RECORD = "after-rollback-record";
    public static final String AFTER_ROLLBACK_KG_COMMIT = "after-rollback-kg-commit";
    public static final String AFTER_ROLLBACK_KG_RECORDED = "after-rollback-kg-recorded";
    public static final String AFTER_MODEL_UNDO = "after-model-undo";
    public static final List<String> POINTS = List.of(AFTER_RECORD, AFTER_KG_COMMIT, AFTER_KG_RECORDED, AFTER_MODEL_EDIT,
            AFTER_ROLLBACK_RECORD, AFTER_ROLLBACK_KG_COMMIT, AFTER_ROLLBACK_KG_RECORDED, AFTER_MODEL_UNDO);

    /** Thrown at an armed boundary: the simulated crash. */
    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(String point) {
            super("injected fault at " + point);
        }
    }

    private final AtomicReference<String> armed = new AtomicReference<>();
    private final AtomicBoolean paused = new AtomicBoolean();

    @Inject
    ConcordConfig config;

    public void arm(String point) {
        armed.set(point);
    }

    public void disarm() {
        armed.set(null);
    }

    public void check(String point) {
        String p = config.test().pauseAt().map(String::strip).filter(x -> !x.isEmpty()).orElse(null);
        if (p != null && !POINTS.contains(p)) {
            throw new IllegalStateException("concord.test.pause-at must be one of " + POINTS + ", found '" + p + "'");
        }
        if (point.equals(p) && paused.compareAndSet(false, true)) {
            pause(point);
        }
        String a = armed.get();
        if (a != null && a.equals(point) && armed.compareAndSet(a, null)) {
            throw new InjectedFault(point);
        }
    }

    /** Blocks the calling thread for good (until the process is killed); an interrupt ends it as a fault. */
    private static void pause(String point) {
        LOG.warnf("TEST HOOK concord.test.pause-at: pausing at %s until the process is killed", point);
        System.out.println(PAUSE_MARKER + " " + point);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new InjectedFault(point);
    }
}
