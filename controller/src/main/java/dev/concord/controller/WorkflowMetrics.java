package dev.concord.controller;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The workflow's own metrics, on Micrometer's global registry (the server exports it in
 * Prometheus format at {@code /q/metrics}; without a registry they cost nothing):
 * <ul>
 *   <li>{@code concord_workflow_step_seconds{step="graph|model|model_undo|graph_undo", outcome}}: each
 *       step of the workflow;</li>
 *   <li>{@code concord_model_edit_seconds{method, outcome}}: the model edit itself (the editor's apply).</li>
 * </ul>
 */
public final class WorkflowMetrics {
    private WorkflowMetrics() {
    }

    /** Records one workflow step that started at {@code startNanos}. */
    public static void step(String step, long startNanos, boolean ok) {
        Timer.builder("concord.workflow.step")
                .description("Duration of one step of the edit workflow")
                .tag("step", step)
                .tag("outcome", ok ? "ok" : "error")
                .register(Metrics.globalRegistry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Records one model edit (the editor's apply) by method. */
    public static void modelEdit(String method, long startNanos, boolean ok) {
        Timer.builder("concord.model.edit")
                .description("Seconds the model edit itself took")
                .tag("method", method)
                .tag("outcome", ok ? "ok" : "error")
                .register(Metrics.globalRegistry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
