package dev.concord.kg.bench;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.ImportReport;
import dev.concord.kg.Importers;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.Revision;
import dev.concord.kg.Triple;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Load rate, lookup latency and apply latency of both backends. Prints its figures; run with
 * {@code ./mvnw -B -o -pl kg-store -Pbench -DskipTests verify}. Sizes: {@code -Dbench.size}
 * (generated triples for TDB2, default 1,000,000) and {@code -Dbench.neo4j.size} (default
 * 1,000,000 too; lower it on a busy machine). Lookups: {@code -Dbench.lookups} (default 10,000).
 * {@code -Dbench.backend}: all (default), tdbloader ({@link LoaderComparison} only), tdb2 or neo4j.
 */
public final class KgBenchmark {
    private static final int ENTITIES = 100_000;
    private static final int RELATIONS = 20;
    private static final int BATCH = 50_000;

    private KgBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tdbSize = Integer.getInteger("bench.size", 1_000_000);
        int neoSize = Integer.getInteger("bench.neo4j.size", 1_000_000);
        int lookups = Integer.getInteger("bench.lookups", 10_000);
        int applies = Integer.getInteger("bench.applies", 500);
        String only = System.getProperty("bench.backend", "all");
        System.out.printf(Locale.ROOT, "kg-store benchmark: %d cores, load average %.2f at start, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().maxMemory() >> 20);
        Path work = Files.createTempDirectory("kg-bench");
        try {
            if (only.equals("all") || only.equals("tdbloader")) {
                LoaderComparison.run(work, Integer.getInteger("bench.loader.size", tdbSize),
                        Integer.getInteger("bench.loader.rounds", 3), System.getProperty("bench.loader.heap", "4g"));
            }
            if (only.equals("all") || only.equals("tdb2")) {
                System.out.println("== Jena TDB2 (on disk: " + work.resolve("tdb2") + ")");
                try (KnowledgeGraph warmUp = KnowledgeGraphs.tdb2(work.resolve("tdb2-warm-up"))) {
                    System.out.print("(JIT warm-up, not a figure) ");
                    yago(warmUp);
                }
                try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(work.resolve("tdb2-yago"))) {
                    yago(kg);
                }
                try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(work.resolve("tdb2"))) {
                    run(kg, tdbSize, lookups, applies);
                }
            }
            if (only.equals("all") || only.equals("neo4j")) {
                if (Boolean.getBoolean("bench.neo4j.inprocess")) {
                    System.out.println("== Neo4j 5 (in-process harness in this JVM, Bolt on localhost; replica in memory)");
                    try (Neo4j server = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build()) {
                        neo4j(server.boltURI().toString(), () -> server.defaultDatabaseService().executeTransactionally(
                                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"), neoSize, lookups, applies);
                    }
                } else {
                    String heap = System.getProperty("bench.neo4j.heap", "2g");
                    System.out.println("== Neo4j 5 (test harness in its own JVM, -Xmx" + heap
                            + ", Bolt on localhost, as a server runs in production; replica in memory)");
                    try (Neo4jServerProcess server = Neo4jServerProcess.start(heap, work.resolve("neo4j-process.log"))) {
                        neo4j(server.boltUri(), () -> {
                            try {
                                server.clear();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }, neoSize, lookups, applies);
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    /** YAGO (after a warm-up import), then the generated load, lookups and applies, on an emptied database each time. */
    private static void neo4j(String bolt, Runnable clear, int size, int lookups, int applies) throws Exception {
        try (KnowledgeGraph kg = KnowledgeGraphs.neo4j(bolt, "neo4j", "x", null)) {
            System.out.print("(JIT warm-up, not a figure) ");
            yago(kg);
        }
        clear.run();
        try (KnowledgeGraph kg = KnowledgeGraphs.neo4j(bolt, "neo4j", "x", null)) {
            yago(kg);
        }
        clear.run();
        try (KnowledgeGraph kg = KnowledgeGraphs.neo4j(bolt, "neo4j", "x", null)) {
            run(kg, size, lookups, applies);
        }
    }

    private static void yago(KnowledgeGraph kg) throws Exception {
        long t0 = System.nanoTime();
        ImportReport r;
        try (InputStream in = KgBenchmark.class.getResourceAsStream("/dev/concord/kg/yago15k_test.csv")) {
            r = Importers.yagoCsv(kg, new InputStreamReader(in, StandardCharsets.UTF_8), "yago15k_test.csv", "bench");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "yago15k import: %d triples (with 2,157 qualified) in %.2f s = %,.0f triples/s%n",
                r.imported(), s, r.imported() / s);
    }

    private static Triple generated(Random rnd) {
        return Triple.of("E" + rnd.nextInt(ENTITIES), "rel" + rnd.nextInt(RELATIONS), "E" + rnd.nextInt(ENTITIES));
    }

    private static void run(KnowledgeGraph kg, int size, int lookups, int applies) {
        // Load: the bulk path, one transaction and one revision per batch.
        Random rnd = new Random(42);
        Iterator<Triple> source = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return n < size;
            }

            @Override
            public Triple next() {
                n++;
                return generated(rnd);
            }
        };
        long t0 = System.nanoTime();
        List<Revision> revs = kg.bulkAdd(source, "bench", BATCH);
        double s = (System.nanoTime() - t0) / 1e9;
        long added = revs.stream().mapToLong(r -> r.changes().added().size()).sum();
        System.out.printf(Locale.ROOT, "bulk load: %,d generated triples (%,d distinct) in %.1f s = %,.0f triples/s (%d batches of %,d)%n",
                size, added, s, size / s, revs.size(), BATCH);
        System.out.printf(Locale.ROOT, "size(): %,d%n", kg.size());

        // Lookups (s, r, ?) for pairs that exist: replay the generator.
        Random replay = new Random(42);
        Triple[] sample = new Triple[Math.min(size, 200_000)];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = generated(replay);
        }
        Random pick = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            Triple t = sample[pick.nextInt(sample.length)];
            kg.objects(t.subject(), t.relation());
        }
        long[] lat = new long[lookups];
        int found = 0;
        for (int i = 0; i < lookups; i++) {
            Triple t = sample[pick.nextInt(sample.length)];
            long a = System.nanoTime();
            found += kg.objects(t.subject(), t.relation()).isEmpty() ? 0 : 1;
            lat[i] = System.nanoTime() - a;
        }
        print("lookup (s, r, ?) over " + String.format(Locale.ROOT, "%,d", kg.size()) + " triples, " + lookups + " random, all found: " + (found == lookups), lat);

        // Apply a one-triple change set, then its inverse (each a committed revision).
        long[] applyLat = new long[applies * 2];
        for (int i = 0; i < applies; i++) {
            Triple t = Triple.of("Bench_" + i, "rel0", "Bench_target_" + i);
            ChangeSet cs = ChangeSet.adding(t);
            long a = System.nanoTime();
            kg.apply(cs, "bench");
            long b = System.nanoTime();
            kg.apply(cs.inverse(), "bench");
            long c = System.nanoTime();
            applyLat[2 * i] = b - a;
            applyLat[2 * i + 1] = c - b;
        }
        print("apply one-triple change set and its inverse, " + applies + " pairs", applyLat);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static <T> T timed(String label, Supplier<T> s) {
        long t0 = System.nanoTime();
        T r = s.get();
        System.out.printf(Locale.ROOT, "%s: %.2f s%n", label, (System.nanoTime() - t0) / 1e9);
        return r;
    }
}
