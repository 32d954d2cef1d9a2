package dev.concord.editor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.demo.DemoModel;
import dev.concord.editor.model.TransformerModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Runtime figures on CPU (or the device given): model load time, greedy decoding speed (no KV
 * cache: every new token re-runs the sequence), teacher-forced throughput of a batched forward
 * pass, and memory (peak resident set size from /proc, Java heap, the rest is mostly native
 * tensor memory).
 *
 * <pre>
 * java -cp editor/target/classes:$(cat editor/target/classpath.txt) dev.concord.editor.bench.RuntimeBenchmark \
 *     [--model DIR | --data-dir DIR] [--device cpu] [--new-tokens 32] [--batch 32] [--seq 32] [--repeats 5]
 * </pre>
 * Without --model, the demo model under the data folder is used (trained first if absent).
 */
public final class RuntimeBenchmark {

    private RuntimeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        }
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path model = null;
        Path dataDir = Path.of(System.getenv().getOrDefault("CONCORD_DATA_DIR", "data"));
        String device = "cpu";
        int newTokens = 32;
        int batch = 32;
        int seq = 32;
        int repeats = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--device" -> device = args[i + 1];
                case "--new-tokens" -> newTokens = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--seq" -> seq = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("error: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (model == null) {
            model = DemoModel.trainOrLoad(dataDir, System.out::println);
        }
        System.out.printf(Locale.ROOT, "model %s, device %s, torch threads %s, cores %d%n", model, device,
                System.getProperty("ai.djl.pytorch.num_threads"), Runtime.getRuntime().availableProcessors());

        // warm the engine (native library load) so load time measures the model only
        try (NDManager warm = NDManager.newBaseManager(LanguageModels.device(device))) {
            warm.ones(new Shape(2)).sum().getFloat();
        }
        long t0 = System.nanoTime();
        try (TransformerModel m = LanguageModels.load(model, device)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            long params = m.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
            System.out.printf(Locale.ROOT, "load: %.0f ms (%,d parameters, %s)%n", loadMs, params, m.info().architecture());
            int positions = m.info().maxPositions();
            seq = Math.min(seq, positions);
            int promptLen = Math.min(8, positions - newTokens);
            Random r = new Random(1);
            long[] prompt = new long[Math.max(1, promptLen)];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = r.nextInt(m.tokenizer().vocabSize() - 1);
            }
            m.greedyIds(prompt, 4); // warm-up
            double bestDecode = 0;
            for (int k = 0; k < repeats; k++) {
                long s = System.nanoTime();
                m.greedyIds(prompt, newTokens);
                bestDecode = Math.max(bestDecode, newTokens / ((System.nanoTime() - s) / 1e9));
            }
            System.out.printf(Locale.ROOT, "greedy decoding: %.1f tokens/s (%d new tokens after %d, best of %d; %.2f ms/token)%n",
                    bestDecode, newTokens, prompt.length, repeats, 1000 / bestDecode);
            long[] ids = new long[batch * seq];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(m.tokenizer().vocabSize() - 1);
            }
            double bestForward = 0;
            try (NDManager nd = m.newManager()) {
                NDArray input = nd.create(ids, new Shape(batch, seq));
                m.forward(nd, input, null).close(); // warm-up
                for (int k = 0; k < repeats; k++) {
                    long s = System.nanoTime();
                    try (NDManager step = nd.newSubManager()) {
                        m.forward(step, input, null).getShape();
                    }
                    bestForward = Math.max(bestForward, batch * seq / ((System.nanoTime() - s) / 1e9));
                }
            }
            System.out.printf(Locale.ROOT, "teacher-forced forward: %.0f tokens/s (batch %d x %d tokens, best of %d)%n",
                    bestForward, batch, seq, repeats);
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long peak = procStatus("VmHWM");
        long rss = procStatus("VmRSS");
        System.out.printf(Locale.ROOT, "memory: peak RSS %.0f MiB, RSS now %.0f MiB, Java heap used %.0f MiB (native and JVM the rest)%n",
                peak / 1024.0, rss / 1024.0, heap / 1048576.0);
    }

    /** A /proc/self/status field in KiB, or -1 where /proc is absent. */
    private static long procStatus(String field) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
