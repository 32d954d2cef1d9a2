package dev.concord.web.ops;

import dev.concord.controller.ModelGateway;
import dev.concord.kg.KnowledgeGraph;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * SmallRye Health checks: {@code /q/health/live} (the process can serve) and
 * {@code /q/health/ready} (it can do its work now: the graph store answers a query, the workflow
 * database a {@code SELECT 1}, and the model is in a state that serves; the model's state is
 * reported as data, and the graph-only mode, where the model is disabled, is ready).
 */
public final class HealthChecks {
    private HealthChecks() {
    }

    /** Live while the JVM can still allocate and the request threads run this. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            return HealthCheckResponse.named("concord")
                    .status(true)
                    .withData("heapFreeMiB", free >> 20)
                    .build();
        }
    }

    /** The graph store answers a one-triple lookup. */
    @Readiness
    @ApplicationScoped
    public static class Graph implements HealthCheck {
        @Inject
        KnowledgeGraph kg;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("graph-store");
            long t0 = System.nanoTime();
            try {
                kg.match("Concord_health_probe", null, null);
                return b.up().withData("backend", kg.getClass().getSimpleName())
                        .withData("ms", (System.nanoTime() - t0) / 1_000_000).build();
            } catch (RuntimeException e) {
                return b.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        }
    }

    /** The workflow database answers SELECT 1. */
    @Readiness
    @ApplicationScoped
    public static class Workflow implements HealthCheck {
        @Inject
        AgroalDataSource dataSource;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("workflow-database");
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
                return b.up().withData("database", c.getMetaData().getDatabaseProductName()).build();
            } catch (Exception e) {
                return b.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        }
    }

    /**
     * The model: not ready while it loads (edits would wait for it); ready when loaded, disabled
     * (graph-only mode) or failed (the server then works as graph-only and says why: a replica with
     * a broken model file should keep serving the graph). The state and message are data.
     */
    @Readiness
    @ApplicationScoped
    public static class Model implements HealthCheck {
        @Inject
        ModelGateway gateway;
        @Inject
        dev.concord.controller.ModelStream stream;

        @Override
        public HealthCheckResponse call() {
            ModelGateway.Status s = gateway.status();
            boolean up = s.state() != ModelGateway.State.LOADING;
            HealthCheckResponseBuilder b = HealthCheckResponse.named("model").status(up)
                    .withData("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
            if (s.modelName() != null) {
                b.withData("model", s.modelName());
            }
            if (s.message() != null) {
                b.withData("message", s.message());
            }
            try {
                dev.concord.controller.ModelStream.Position p = stream.position();
                if (p != null) {
                    // how far this replica's model is behind the edits the others committed
                    b.withData("streamApplied", p.applied()).withData("streamBehind", p.behind());
                    if (p.failure() != null) {
                        b.withData("streamFailure", p.failure());
                    }
                }
            } catch (RuntimeException e) {
                b.withData("streamFailure", "cannot read the model edit stream: " + e.getMessage());
            }
            return b.build();
        }
    }
}
