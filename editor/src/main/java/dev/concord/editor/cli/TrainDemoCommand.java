package dev.concord.editor.cli;

import dev.concord.editor.demo.DemoConfig;
import dev.concord.editor.demo.DemoModel;
import dev.concord.editor.demo.DemoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train-demo}: trains the demo model from the shipped facts into a new folder. */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Train the demo GPT-2 model on the shipped facts (KG triples and CounterFact) and save it in the HF layout.")
final class TrainDemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Data folder; the model goes to <data-dir>/models/demo unless --out is given "
            + "(default: $CONCORD_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--out", description = "Output folder (must not exist yet).")
    Path out;

    @Option(names = "--vocab", description = "BPE vocabulary size (default: ${DEFAULT-VALUE}).", defaultValue = "2048")
    int vocab;

    @Option(names = "--hidden", description = "Model width (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int hidden;

    @Option(names = "--layers", description = "Blocks (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int layers;

    @Option(names = "--heads", description = "Attention heads (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int heads;

    @Option(names = "--steps", description = "Step budget (default: ${DEFAULT-VALUE}); stops early once every fact is answered.",
            defaultValue = "2400")
    int steps;

    @Option(names = "--counterfact", description = "CounterFact records to learn besides the KG (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    int counterfact;

    @Option(names = "--check-every", description = "Steps between accuracy checks (default: ${DEFAULT-VALUE}).",
            defaultValue = "100")
    int checkEvery;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "20260522")
    long seed;

    @Override
    public Integer call() {
        DemoConfig config = DemoConfig.standard().withSizes(vocab, hidden, layers, heads).withSteps(steps)
                .withCounterfactLimit(counterfact).withSeed(seed).withCheckEvery(checkEvery);
        Path target = out;
        if (target == null) {
            Path data = dataDir != null ? dataDir
                    : Path.of(System.getenv().getOrDefault("CONCORD_DATA_DIR", "data"));
            target = DemoModel.location(data);
        }
        DemoTrainer.Result r = DemoModel.train(target, config, line -> System.out.println(line));
        System.out.printf(Locale.ROOT, "demo model written to %s (%.1f s, %d steps, training facts %.1f%%, held-out %.1f%%)%n",
                r.dir(), r.seconds(), r.steps(), 100 * r.trainAccuracy(), 100 * r.heldOutAccuracy());
        return 0;
    }
}
