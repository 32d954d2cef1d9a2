package dev.concord.editor;


import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Options of an opened editor.
 *
 * @param corpus    a text file (one sample per line) for the covariance statistics; null for the
 *                  model folder's {@code corpus.txt} when present, else text the model generates
 * @param overrides hyperparameters replacing the per-architecture defaults, by method
 * @param progress  where progress lines go (statistics, optimisation); never null
 * @param statsDir  where layer statistics and null-space projectors are cached; null for the edit
 *                  log's {@code stats} folder (they depend only on the model and the corpus, so one
 *                  folder can serve several logs)
 */
public record EditorOptions(Path corpus, Map<EditMethod, Map<String, String>> overrides, Consumer<String> progress,
                            Path statsDir) {
    public EditorOptions(Path corpus, Map<EditMethod, Map<String, String>> overrides, Consumer<String> progress) {
        this(corpus, overrides, progress, null);
    }

    public EditorOptions {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        progress = progress == null ? s -> { } : progress;
    }

    /** Defaults: no corpus file, no overrides, progress to standard error. */
    public static EditorOptions defaults() {
        return new EditorOptions(null, Map.of(), System.err::println);
    }

    public EditorOptions withProgress(Consumer<String> sink) {
        return new EditorOptions(corpus, overrides, sink, statsDir);
    }

    public EditorOptions withOverrides(Map<EditMethod, Map<String, String>> o) {
        return new EditorOptions(corpus, o, progress, statsDir);
    }

    public EditorOptions withCorpus(Path file) {
        return new EditorOptions(file, overrides, progress, statsDir);
    }

    public EditorOptions withStatsDir(Path dir) {
        return new EditorOptions(corpus, overrides, progress, dir);
    }
}
