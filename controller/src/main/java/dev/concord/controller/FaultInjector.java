package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Test hook for crash-consistency tests: arm a step boundary by name and the next time the
 * workflow reaches it, it throws {@link InjectedFault} as if the process had died there.
 * Unarmed (always, in production) it does nothing.
 */
@ApplicationScoped
public class FaultInjector {
    /** The boundaries the workflow passes, in order, for an apply and for a rollback. */
    public static final String AFTER_RECORD = "after-record";
    public static final String AFTER_KG_COMMIT = "after-kg-commit";
    public static final String AFTER_KG_RECORDED = "after-kg-recorded";
    public static final String AFTER_MODEL_EDIT = "after-model-edit";
    public static final String AFTER_ROLLBACK_RECORD = "after-rollback-record";
    public static final String AFTER_ROLLBACK_KG_COMMIT = "after-rollback-kg-commit";
    public static final String AFTER_ROLLBACK_KG_RECORDED = "after-rollback-kg-recorded";
    public static final String AFTER_MODEL_UNDO = "after-model-undo";

    /** Thrown at an armed boundary: the simulated crash. */
    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(String point) {
            super("injected fault at " + point);
        }
    }

    private final AtomicReference<String> armed = new AtomicReference<>();

    public void arm(String point) {
        armed.set(point);
    }

    public void disarm() {
        armed.set(null);
    }

    public void check(String point) {
        String a = armed.get();
        if (a != null && a.equals(point) && armed.compareAndSet(a, null)) {
            throw new InjectedFault(point);
        }
    }
}
