package dev.concord.editor;

import java.util.List;
import java.util.Optional;

/**
 * The editor as the controller sees it: a loaded model, its persistent edit log, and the editing
 * methods. Edits are serialised (one at a time); every edit can be rolled back by id, in any
 * order, and after a restart the model is rebuilt from the base weights plus the active log.
 */
public interface KnowledgeEditor extends AutoCloseable {

    /** Human-readable name of the loaded model ("concord-demo-gpt2 (trained here)", "Llama-2-7b"). */
    String modelName();

    LanguageModel model();

    /**
     * Writes the facts into the model with the method as one edit, records it under {@code id}
     * and persists its delta before returning. Idempotent: if {@code id} is already in the log
     * (active or not), nothing is applied and the existing record is returned.
     */
    EditRecord apply(String id, EditMethod method, List<FactEdit> facts);

    /**
     * Removes the edit's delta so the model equals one that never had it (other edits kept).
     * Idempotent for an edit already rolled back; an unknown id is an {@link EditorException}.
     */
    EditRecord rollback(String id);

    /** The log, oldest first. */
    List<EditRecord> log();

    Optional<EditRecord> find(String id);

    /**
     * The method the evidence favours for this model when the configuration says AUTO: AlphaEdit for
     * pretrained Llama-family and Gemma 3 models (on SmolLM2 and Gemma 3 270M it matched or beat ROME on
     * efficacy and kept unrelated answers better: editor/EDITING.md), GRACE for the demo and other
     * small models the editor trains or makes itself.
     */
    default EditMethod defaultMethod() {
        return EditMethod.GRACE;
    }

    /** Greedy completion of a prompt by the edited model. */
    String complete(String prompt, int maxNewTokens);

    /**
     * The edited instruct model's answer to a question in its chat format (the chat template of the
     * model file), or null when the model has no chat format. Editing prompts stay plain completions.
     */
    default String chat(String question, int maxNewTokens) {
        ChatTemplate t = model().chatTemplate();
        return t == null ? null : complete(t.prompt(question), maxNewTokens);
    }

    @Override
    void close();

    /**
     * An applied edit as another process imports it: the edit's id, its log entry (JSON: record and
     * the layout of its deltas) and its deltas (the safetensors bytes), so that the importing model
     * gets exactly the same weights without recomputing the edit.
     */
    record EditPackage(String id, String entry, byte[] tensors) {
    }

    /** The package of an edit in the log (issue 19: replicas follow one edit stream). */
    default EditPackage exportEdit(String id) {
        throw new EditorException("this editor cannot share its edits");
    }

    /**
     * Applies an exported edit's deltas as they are (idempotent: an id already in the log returns
     * its record and changes nothing).
     */
    default EditRecord importEdit(EditPackage edit) {
        throw new EditorException("this editor cannot import edits");
    }
}
