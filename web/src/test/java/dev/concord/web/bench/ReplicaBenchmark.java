package dev.concord.web.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concord.web.support.PackagedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * API edits per second with one and with two Concord processes on one PostgreSQL and one Neo4j
 * (the packaged PostgreSQL build, as in TwoReplicasIT), graph only (model off) and with the model
 * step (the tiny model, GRACE). Clients post ASSERT edits on distinct subjects of a multi-valued
 * relation, so none waits for review: every edit is decided, applied to the graph and, with the
 * model, taught, before its request answers. Prints edits/s and the latency p50/p99 per setting
 * (with the model, a quarter of the edits). The servers run with the full JIT.
 *
 * <p>Run after {@code ./mvnw -pl web package -DskipTests} (which builds target/quarkus-app-pg):
 * {@code java -cp web/target/test-classes:$(cat web/target/test-classpath.txt)
 * dev.concord.web.bench.ReplicaBenchmark [edits per setting, default 200] [clients, default 8]},
 * from the web folder.
 */
public final class ReplicaBenchmark {
    private static final Path JAR = Path.of(System.getProperty("concord.app.pg.jar", "target/quarkus-app-pg/quarkus-run.jar"));
    private static final String PASSWORD = "replica-benchmark-admin-password";

    private ReplicaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // the servers run with the full JIT, as in production (the integration tests stop at C1 to start faster)
        System.setProperty("concord.test.full-jit", "true");
        int edits = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("package the PostgreSQL build first (./mvnw -pl web package -DskipTests): " + JAR.toAbsolutePath());
        }
        System.out.printf(Locale.ROOT, "replica benchmark: %d cores, load average %.2f; %d edits per setting, %d clients%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), edits, clients);
        for (boolean model : new boolean[] {false, true}) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                 Neo4j neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build()) {
                List<PackagedServer> servers = new ArrayList<>();
                List<Path> dirs = new ArrayList<>();
                try {
                    servers.add(start(postgres, neo4j, model, 1, dirs));
                    // the model step is about 1.5 s an edit: a quarter of the edits tell as much
                    int n = model ? Math.max(20, edits / 4) : edits;
                    measure("1 replica, " + (model ? "with the model step (tiny model, GRACE)" : "graph only"),
                            servers, n, clients, "one" + model);
                    servers.add(start(postgres, neo4j, model, 2, dirs));
                    measure("2 replicas, " + (model ? "with the model step (tiny model, GRACE)" : "graph only"),
                            servers, n, clients, "two" + model);
                } finally {
                    servers.forEach(PackagedServer::kill);
                    for (Path d : dirs) {
                        try (var paths = Files.walk(d)) {
                            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                                Files.deleteIfExists(p);
                            }
                        }
                    }
                }
            }
        }
    }

    private static PackagedServer start(EmbeddedPostgres postgres, Neo4j neo4j, boolean model, int n, List<Path> dirs)
            throws Exception {
        Path data = Files.createTempDirectory("concord-bench-replica-" + n + "-");
        dirs.add(data);
        List<String> props = new ArrayList<>(List.of(
                "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                "-Dconcord.data-dir=" + data, "-Dconcord.admin-password=" + PASSWORD,
                "-Dconcord.kg.backend=neo4j", "-Dconcord.kg.neo4j.uri=" + neo4j.boltURI(),
                "-Dconcord.kg.neo4j.user=neo4j", "-Dconcord.kg.neo4j.password=harness",
                "-Dconcord.kg.propose-alignments-on-start=false",
                "-Dconcord.model.enabled=" + model, "-Dconcord.model.demo-size=tiny", "-Dconcord.model.name=demo",
                "-Dconcord.model.device=cpu", "-Dconcord.model.method=GRACE", "-Dconcord.model.follow-interval=300ms",
                "-Dconcord.model.request-wait=120s"));
        PackagedServer s = new PackagedServer(JAR, props,
                Path.of("target", "replica-benchmark", "server-" + n + (model ? "-model" : "") + ".log"), PASSWORD);
        s.awaitReady();
        if (model) {
            s.awaitModelReady();
        }
        return s;
    }

    private static void measure(String label, List<PackagedServer> servers, int edits, int clients, String run) throws Exception {
        // warm-up: a few edits per server, not counted
        for (int i = 0; i < servers.size() * 5; i++) {
            servers.get(i % servers.size()).post("/api/edits", Map.of("subject", "Warm_" + run + "_" + i,
                    "relation", "plays_for", "object", "Bench_Club", "op", "ASSERT"), 201);
        }
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[edits];
        AtomicInteger applied = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            PackagedServer s = servers.get(c % servers.size());
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < edits; i = next.getAndIncrement()) {
                    long a = System.nanoTime();
                    JsonNode e = s.post("/api/edits", Map.of("subject", "Bench_" + run + "_" + i, "relation", "plays_for",
                            "object", "Bench_Club", "op", "ASSERT"), 201);
                    latencies[i] = System.nanoTime() - a;
                    if (e.get("status").asText().equals("APPLIED")) {
                        applied.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %d edits (%d applied) in %.1f s = %.1f edits/s; latency p50 %.0f ms, p99 %.0f ms%n",
                label, edits, applied.get(), s, edits / s, sorted[edits / 2] / 1e6, sorted[(int) Math.ceil(edits * 0.99) - 1] / 1e6);
    }
}
