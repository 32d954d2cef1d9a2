package dev.concord.editor.cli;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.ModelChoice;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.edit.HyperParams;
import dev.concord.editor.edit.LoggedKnowledgeEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stats}: builds the second-moment statistics (C = E[k kᵀ] of the MLP keys) that ROME's
 * covariance adjustment and MEMIT's update use, ahead of the first edit, and caches them beside the
 * edit log (per model, layer, corpus and sample size).
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Build and cache the MLP key statistics (E[k k^T]) of the given layers, with progress output.")
final class StatsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A .gguf file, a folder with one, or an HF folder.")
    Path model;

    @Option(names = "--layers", split = ",", description = "Layers (default: ROME's layers for this model).")
    List<Integer> layers;

    @Option(names = "--log", description = "The edit log the statistics are cached beside (default: the one"
            + " ./concord serve keeps for this model under --data-dir).")
    Path log;

    @Option(names = "--data-dir", description = "Data folder (default: $CONCORD_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--corpus", description = "A text file, one sample per line (default: seed-graph sentences plus model samples).")
    Path corpus;

    @Option(names = "--samples", description = "Texts to use at most (ROME's mom2_samples).")
    Integer samples;

    @Override
    public Integer call() {
        Path logDir = log != null ? log : ModelChoice.configured(model).logDir(ModelCli.dataDir(dataDir));
        EditorOptions options = EditorOptions.defaults().withProgress(line -> System.err.println("stats: " + line));
        if (corpus != null) {
            options = options.withCorpus(corpus);
        }
        if (samples != null) {
            if (samples < 1) {
                throw new EditorException("expected --samples of at least 1 but found " + samples);
            }
            options = options.withOverrides(Map.of(EditMethod.ROME, Map.of("mom2_samples", String.valueOf(samples))));
        }
        try (LoggedKnowledgeEditor editor = KnowledgeEditors.open(model, logDir, "cpu", options)) {
            HyperParams rome = editor.params(EditMethod.ROME);
            List<Integer> chosen = layers != null ? layers
                    : java.util.Arrays.stream(rome.layers("layers", editor.model().info().layers())).boxed().toList();
            for (int l : chosen) {
                long t0 = System.nanoTime();
                editor.statistics(l);
                System.err.printf("stats: layer %d ready in %.1f s%n", l, (System.nanoTime() - t0) / 1e9);
            }
            System.out.println(logDir.resolve("stats").toAbsolutePath());
        }
        return 0;
    }
}
