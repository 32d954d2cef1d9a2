package dev.concord.interpreter.bench;

import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.eval.EvalCase;
import dev.concord.interpreter.eval.Evaluation;
import dev.concord.interpreter.rules.RuleInterpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the rule interpreter on one thread (one core) over the evaluation sentences:
 * a warm-up, then timed rounds; prints interpretations per second and microseconds each.
 *
 * <pre>java -cp interpreter/target/classes:$(cat interpreter/target/classpath.txt) \
 *     dev.concord.interpreter.bench.InterpreterBenchmark [FILE] [--iterations N] [--warmup N]</pre>
 */
public final class InterpreterBenchmark {

    private InterpreterBenchmark() {
    }

    public static void main(String[] args) {
        Path file = null;
        int iterations = 100_000;
        int warmup = 30_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        List<EvalCase> cases = Evaluation.read(file == null ? Evaluation.defaultFile() : file);
        String[] texts = cases.stream().map(EvalCase::text).toArray(String[]::new);
        RuleInterpreter interpreter = new RuleInterpreter(InMemoryLexicon.bundled());

        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += run(interpreter, texts[i % texts.length]);
        }
        double best = 0;
        double total = 0;
        int rounds = 3;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += run(interpreter, texts[i % texts.length]);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = iterations / seconds;
            best = Math.max(best, perSecond);
            total += perSecond;
            System.out.printf(Locale.ROOT, "round %d: %,d interpretations in %.2f s = %,.0f/s (%.1f µs each)%n",
                    round, iterations, seconds, perSecond, 1e6 / perSecond);
        }
        System.out.printf(Locale.ROOT, "rule interpreter, 1 thread, %d distinct sentences: mean %,.0f interpretations/s, best %,.0f/s%n",
                texts.length, total / rounds, best);
        if (sink == 42) {
            System.out.println();
        }
    }

    private static int run(RuleInterpreter interpreter, String text) {
        Interpretation i = interpreter.interpret(text);
        return i.triples().size() + i.intent().ordinal();
    }
}
