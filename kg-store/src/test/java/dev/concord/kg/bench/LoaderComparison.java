package dev.concord.kg.bench;

import dev.concord.kg.Iris;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Jena's own {@code tdb2.tdbloader --loader=parallel} against {@code concord kg import --format
 * ntriples}, on the same generated N-Triples file, each a fresh JVM with the same heap loading into a
 * fresh directory, alternating, in one run: prints both rates and the ratio per round and the median
 * ratio. {@code -Dbench.loader.size} (default 1,000,000 triples), {@code -Dbench.loader.rounds}
 * (default 3). Needs {@code jena-cmds} on the class path (the {@code bench} profile adds it).
 */
public final class LoaderComparison {
    private LoaderComparison() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.getInteger("bench.loader.size", 1_000_000);
        int rounds = Integer.getInteger("bench.loader.rounds", 3);
        String heap = System.getProperty("bench.loader.heap", "4g");
        Path work = Files.createTempDirectory("kg-loader-bench");
        try {
            run(work, size, rounds, heap);
        } finally {
            KgBenchmark.deleteTree(work);
        }
    }

    static void run(Path work, int size, int rounds, String heap) throws Exception {
        Path file = work.resolve("generated.nt");
        write(file, size);
        System.out.printf(Locale.ROOT, "== TDB2 load: tdb2.tdbloader --loader=parallel against concord kg import, %,d generated triples "
                + "(%,d MB of N-Triples), fresh JVM (-Xmx%s) and fresh directory each, %d rounds%n",
                size, Files.size(file) >> 20, heap, rounds);
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double jena = timed(work, heap, List.of("tdb2.tdbloader", "--loader=parallel", "--loc",
                    work.resolve("jena-" + round).toString(), file.toString()));
            double concord = timed(work, heap, List.of("dev.concord.kg.cli.KgCli", "import", "--store",
                    work.resolve("concord-" + round).toString(), "--format", "ntriples", file.toString()));
            double ratio = jena / concord;
            ratios.add(ratio);
            System.out.printf(Locale.ROOT, "round %d: tdbloader %.1f s = %,.0f triples/s; concord kg import %.1f s = %,.0f triples/s; "
                    + "ratio %.2fx%n", round, jena, size / jena, concord, size / concord, ratio);
            KgBenchmark.deleteTree(work.resolve("jena-" + round));
            KgBenchmark.deleteTree(work.resolve("concord-" + round));
        }
        ratios.sort(null);
        System.out.printf(Locale.ROOT, "median ratio (concord rate / tdbloader rate): %.2fx (target >= 0.95x)%n",
                ratios.get(ratios.size() / 2));
    }

    /** Triples over 100,000 entities and 20 relations in the Concord namespaces, seeded. */
    static void write(Path file, int size) throws IOException {
        Random rnd = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < size; i++) {
                w.write("<" + Iris.ENTITY + "E" + rnd.nextInt(100_000) + "> <" + Iris.RELATION + "rel" + rnd.nextInt(20)
                        + "> <" + Iris.ENTITY + "E" + rnd.nextInt(100_000) + "> .\n");
            }
        }
    }

    /** Wall seconds of one command in a fresh JVM on this class path; fails when it fails. */
    private static double timed(Path work, String heap, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(command);
        Path log = work.resolve("command.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rc = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + rc + ":\n" + Files.readString(log));
        }
        return s;
    }
}
