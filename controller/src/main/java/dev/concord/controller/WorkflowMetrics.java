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
        record("concord.workflow.step", "Duration of one step of the edit workflow", "step", step, startNanos, ok);
    }

    /** Records one model edit (the editor's apply) by method. */
    public static void modelEdit(String method, long startNanos, boolean ok) {
        record("concord.model.edit", "Seconds the model edit itself took", "method", method, startNanos, ok);
    }

    private static void record(String name, String description, String tag, String value, long startNanos, boolean ok) {
        Timer.builder(name)
                .description(description)
                .tag(tag, value)
                .tag("outcome", ok ? "ok" : "error")
                .register(Metrics.globalRegistry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
