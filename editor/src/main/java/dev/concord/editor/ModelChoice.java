package dev.concord.editor;

import dev.concord.editor.pull.ModelPull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which model a Concord process uses, and why: the server, {@code model export} and the tests decide
 * it through this record.
 *
 * <ol>
 *   <li>{@code CONCORD_MODEL_DIR} (a .gguf file, a folder with one, or a Hugging Face folder) when set;</li>
 *   <li>else the named pretrained model (default {@value ModelPull#DEFAULT}) under
 *       {@code <data>/models/<name>/}, pulled on first use;</li>
 *   <li>else, when it cannot be had, the demo model the editor trains itself (the reason is kept).</li>
 * </ol>
 *
 * @param path   what to load (null for the demo model, which is made on demand)
 * @param name   the pretrained model's name, the configured file or folder name, or "demo"
 * @param reason a sentence for the log and the UI
 * @param log    the edit log folder relative to the data folder: {@code edit-log} for the demo and tiny
 *               models (as before pretrained models existed), {@code edit-logs/<name>} for any other, so
 *               deltas made for one model are never replayed onto another
 */
public record ModelChoice(Path path, String name, String reason, String log) {

    public static final String DEMO = "demo";
    public static final String DEMO_LOG = "edit-log";

    public ModelChoice {
        if (name == null || name.isBlank() || reason == null || log == null || log.isBlank()) {
            throw new EditorException("a model choice needs a name, a reason and a log folder");
        }
    }

    /** A non-demo model with its own edit log folder. */
    public static ModelChoice of(Path path, String name, String reason) {
        return new ModelChoice(path, name, reason, "edit-logs/" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    public boolean demo() {
        return path == null;
    }

    /** The configured path, when one is set. */
    public static ModelChoice configured(Path path) {
        if (!Files.exists(path)) {
            throw new EditorException("CONCORD_MODEL_DIR points at " + path + ", which does not exist");
        }
        return of(path, path.toAbsolutePath().normalize().getFileName().toString(),
                "configured by CONCORD_MODEL_DIR (" + path + ")");
    }

    /** The named pretrained model if it is already pulled under {@code models}. */
    public static Optional<ModelChoice> pulled(Path models, String name) {
        return new ModelPull(models, line -> { }).pulled(name)
                .map(f -> of(f, name, "pretrained model " + name + " (" + f.getFileName() + ")"));
    }

    /** The demo model, with the reason the pretrained one is not used. */
    public static ModelChoice demo(String reason) {
        return new ModelChoice(null, DEMO, reason, DEMO_LOG);
    }

    public Path logDir(Path dataDir) {
        return dataDir.resolve(log);
    }
}
