package dev.concord.editor.edit.bench;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.demo.DemoModel;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.edit.LoggedKnowledgeEditor;
import dev.concord.editor.eval.EvalCase;
import dev.concord.editor.eval.EvalCases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Seconds per edit of each method on the demo model: {@code n} sequential single-fact edits
 * (default 20) from the CounterFact-style cases, the median and the 90th percentile of the apply
 * time (delta computation + persisting the log), the resident memory of the process after the
 * method's edits, the JVM heap, and the bytes of the log on disk. Covariance statistics are
 * computed once before timing (they are cached on disk in real use).
 *
 * <pre>
 * java -cp ... dev.concord.editor.edit.bench.EditBenchmark [--model DIR] [--data-dir DIR] [--edits 20]
 *      [--methods ROME,MEMIT,GRACE,FT_L,FT_M] [--device cpu]
 * </pre>
 */
public final class EditBenchmark {
    private EditBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Path model = null;
        Path data = Path.of(System.getenv().getOrDefault("CONCORD_DATA_DIR", "data"));
        int n = 20;
        String device = "cpu";
        List<EditMethod> methods = List.of(EditMethod.values());
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--model" -> { model = Path.of(need(v, args[i])); i++; }
                case "--data-dir" -> { data = Path.of(need(v, args[i])); i++; }
                case "--edits" -> { n = Integer.parseInt(need(v, args[i])); i++; }
                case "--device" -> { device = need(v, args[i]); i++; }
                case "--methods" -> {
                    methods = Arrays.stream(need(v, args[i]).split(",")).map(s -> EditMethod.valueOf(s.trim())).toList();
                    i++;
                }
                default -> throw new EditorException("unknown argument '" + args[i]
                        + "', expected --model, --data-dir, --edits, --methods or --device");
            }
        }
        Path dir = model != null ? model : DemoModel.trainOrLoad(data, System.err::println);
        List<EvalCase> cases = EvalCases.load(dir, n);
        System.out.printf(Locale.ROOT, "%-7s %6s %12s %12s %10s %10s %12s%n", "method", "edits", "median s", "p90 s",
                "RSS MiB", "heap MiB", "log KiB");
        for (EditMethod m : methods) {
            Path log = Files.createTempDirectory("concord-bench-log");
            try (LoggedKnowledgeEditor editor = KnowledgeEditors.open(dir, log, device,
                    EditorOptions.defaults().withProgress(s -> { }))) {
                // warm-up: one edit (also builds the statistics and the context prefixes), then roll it back
                editor.apply("warm", m, List.of(cases.get(0).edit()));
                editor.rollback("warm");
                double[] secs = new double[Math.min(n, cases.size())];
                for (int i = 0; i < secs.length; i++) {
                    long t0 = System.nanoTime();
                    editor.apply("b" + i, m, List.of(cases.get(i).edit()));
                    secs[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(secs);
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "%-7s %6d %12.3f %12.3f %10.1f %10.1f %12.1f%n", m, secs.length,
                        secs[secs.length / 2], secs[(int) Math.min(secs.length - 1, Math.ceil(0.9 * secs.length) - 1)],
                        rssMiB(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0, size(log) / 1024.0);
            } finally {
                delete(log);
            }
        }
    }

    private static String need(String v, String flag) {
        if (v == null) {
            throw new EditorException("expected a value after " + flag);
        }
        return v;
    }

    /** Resident set size of this process from /proc (NaN where there is no /proc). */
    static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!p.toString().contains("/stats/")) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList())) {
                Files.deleteIfExists(p);
            }
        }
    }
}
