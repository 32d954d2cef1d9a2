package dev.concord.editor;

import dev.concord.editor.pull.ModelPull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which model a Concord process uses, and why: the one place the server, the launcher's
 * {@code model list} and the tests decide it.
 *
 * <ol>
 *   <li>{@code CONCORD_MODEL_DIR} (a .gguf file, a folder with one, or a Hugging Face folder) when set;</li>
 *   <li>else the named pretrained model (default {@value ModelPull#DEFAULT}) under
 *       {@code <data>/models/<name>/}, pulled on first use;</li>
 *   <li>else, when it cannot be had, the demo model the editor trains itself (the reason is kept).</li>
 * </ol>
 *
 * @param path   what to load (null for the demo model, which is made on demand)
 * @param name   the pretrained model's name, the configured path, or "demo"
 * @param reason a sentence for the log and the UI
 */
public record ModelChoice(Path path, String name, String reason) {

    public static final String DEMO = "demo";

    public boolean demo() {
        return path == null;
    }

    /** The configured path, when one is set. */
    public static ModelChoice configured(Path path) {
        if (!Files.exists(path)) {
            throw new EditorException("CONCORD_MODEL_DIR points at " + path + ", which does not exist");
        }
        return new ModelChoice(path, path.getFileName().toString(), "configured by CONCORD_MODEL_DIR (" + path + ")");
    }

    /** The named pretrained model if it is already pulled under {@code models}. */
    public static Optional<ModelChoice> pulled(Path models, String name) {
        return new ModelPull(models, line -> { }).pulled(name)
                .map(f -> new ModelChoice(f, name, "pretrained model " + name + " (" + f.getFileName() + ")"));
    }

    /**
     * The edit log of this model under a data folder: {@code edit-log} for the demo model (as before
     * pretrained models existed), {@code edit-logs/<name>} for any other, so deltas made for one model
     * are never replayed onto another.
     */
    public Path logDir(Path dataDir) {
        if (demo()) {
            return dataDir.resolve("edit-log");
        }
        return dataDir.resolve("edit-logs").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** The demo model, with the reason the pretrained one is not used. */
    public static ModelChoice demo(String reason) {
        return new ModelChoice(null, DEMO, reason);
    }
}
