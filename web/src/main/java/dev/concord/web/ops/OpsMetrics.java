package dev.concord.web.ops;

import dev.concord.controller.Edit;
import dev.concord.controller.EditOp;
import dev.concord.controller.EditStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gauges read from the workflow database when scraped (at most once per {@link #MAX_AGE_NANOS}):
 * {@code concord_edits{status, op}} (edits by status and kind) and {@code concord_review_queue}
 * (edits waiting for an admin). The counters and timers that events drive live beside the events
 * (WorkflowMetrics in the controller, the SPARQL resource, the identity provider).
 */
@ApplicationScoped
public class OpsMetrics {
    private static final Logger LOG = Logger.getLogger(OpsMetrics.class);
    static final long MAX_AGE_NANOS = 5_000_000_000L;

    @Inject
    MeterRegistry registry;

    private volatile Map<EditStatus, Map<EditOp, Long>> counts = Map.of();
    private volatile long readAt = Long.MIN_VALUE;

    void register(@Observes StartupEvent ev) {
        for (EditStatus s : EditStatus.values()) {
            for (EditOp op : EditOp.values()) {
                Gauge.builder("concord.edits", this, m -> m.count(s, op))
                        .description("Edits in the workflow database by status and kind")
                        .tag("status", s.name().toLowerCase(Locale.ROOT))
                        .tag("op", op.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        Gauge.builder("concord.review.queue", this, m -> m.count(EditStatus.PENDING_REVIEW, null))
                .description("Edits waiting for an admin's review")
                .register(registry);
    }

    /** The number of edits with this status (and kind, or every kind for null). */
    double count(EditStatus status, EditOp op) {
        Map<EditStatus, Map<EditOp, Long>> c = fresh();
        Map<EditOp, Long> byOp = c.getOrDefault(status, Map.of());
        if (op == null) {
            return byOp.values().stream().mapToLong(Long::longValue).sum();
        }
        return byOp.getOrDefault(op, 0L);
    }

    private Map<EditStatus, Map<EditOp, Long>> fresh() {
        long now = System.nanoTime();
        if (readAt != Long.MIN_VALUE && now - readAt < MAX_AGE_NANOS) {
            return counts;
        }
        synchronized (this) {
            if (readAt == Long.MIN_VALUE || now - readAt >= MAX_AGE_NANOS) {
                try {
                    counts = QuarkusTransaction.requiringNew().call(OpsMetrics::read);
                } catch (RuntimeException e) {
                    LOG.warnf("edit counts for /q/metrics could not be read: %s", e.getMessage());
                }
                readAt = now;
            }
            return counts;
        }
    }

    private static Map<EditStatus, Map<EditOp, Long>> read() {
        List<Object[]> rows = Edit.getEntityManager()
                .createQuery("select e.status, e.op, count(e) from Edit e group by e.status, e.op", Object[].class)
                .getResultList();
        Map<EditStatus, Map<EditOp, Long>> out = new EnumMap<>(EditStatus.class);
        for (Object[] r : rows) {
            out.computeIfAbsent((EditStatus) r[0], k -> new EnumMap<>(EditOp.class)).put((EditOp) r[1], (Long) r[2]);
        }
        return out;
    }
}
