package dev.concord.editor.edit.bench;

import dev.concord.editor.demo.DemoConfig;
import dev.concord.editor.demo.DemoFact;
import dev.concord.editor.demo.DemoFacts;
import dev.concord.editor.demo.DemoTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains a reduced demo model for a quick editing evaluation on a busy machine: the KG facts whose
 * relation has an inverse (for portability probes) and the first {@code n} CounterFact records,
 * on a smaller GPT-2 (d 64, 3 blocks, batch 16), through the runtime's demo trainer. The folder
 * has the same layout as the demo model (demo-facts.json included), so {@code editor eval --model
 * DIR} runs on it.
 *
 * <pre>java -cp ... dev.concord.editor.edit.bench.MiniDemo OUT_DIR [counterfact records, default 40] [steps, default 1500]</pre>
 */
public final class MiniDemo {
    private static final Set<String> WITH_INVERSE = Set.of("wife", "husband", "spouse", "father", "mother", "children");

    private MiniDemo() {
    }

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Path out = Path.of(args.length > 0 ? args[0] : "data/models/mini-demo");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        List<DemoFact> facts = new ArrayList<>();
        for (DemoFact f : DemoFacts.load(n)) {
            if (f.source().startsWith("counterfact:") || WITH_INVERSE.contains(f.relation())) {
                facts.add(f);
            }
        }
        System.err.println("mini demo: " + facts.size() + " facts");
        DemoConfig cfg = new DemoConfig(512, 64, 3, 4, 256, 48, 40, 16, steps, 50, 5e-3, 1.0, 20260522L, n, 100);
        DemoTrainer.Result r = DemoTrainer.train(facts, cfg, out, System.err::println);
        System.err.printf("trained: %d steps, %.0f s, train accuracy %.3f%n", r.steps(), r.seconds(), r.trainAccuracy());
    }
}
