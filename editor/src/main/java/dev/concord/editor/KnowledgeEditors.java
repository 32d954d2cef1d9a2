package dev.concord.editor;

import dev.concord.editor.EditorOptions;
import dev.concord.editor.edit.LoggedKnowledgeEditor;

import java.nio.file.Path;

/**
 * Opens a {@link KnowledgeEditor}: loads the model in {@code modelDir} (a Hugging Face folder:
 * config.json, model.safetensors, tokenizer.json) on {@code device} ("cpu", "gpu" or "auto"),
 * then replays the active edits of the log in {@code logDir} (created when missing). The model
 * folder is never written: the edited model is always base weights + active log entries. Covariance
 * statistics are cached in {@code logDir/stats}. The returned editor owns the model; close it.
 */
public final class KnowledgeEditors {
    private KnowledgeEditors() {
    }

    public static KnowledgeEditor open(Path modelDir, Path logDir, String device) {
        return open(modelDir, logDir, device, EditorOptions.defaults());
    }

    public static LoggedKnowledgeEditor open(Path modelDir, Path logDir, String device, EditorOptions options) {
        if (logDir == null) {
            throw new EditorException("expected a folder for the edit log, found none");
        }
        LanguageModel model = LanguageModels.load(modelDir, device);
        return new LoggedKnowledgeEditor(model, modelDir, logDir, options);
    }
}
