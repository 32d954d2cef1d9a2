package dev.concord.editor;

/**
 * What config.json says about a model: {@code architecture} is "gpt2", "gptj" or "llama" (Llama 2/3,
 * Qwen2, Mistral share it), {@code name} the folder's name or the config's name_or_path.
 */
public record ModelInfo(String name, String architecture, int vocabSize, int layers, int hiddenSize,
                        int intermediateSize, int heads, int kvHeads, int maxPositions, String dtype) {
    public ModelInfo {
        if (layers < 1 || hiddenSize < 1 || heads < 1 || vocabSize < 1) {
            throw new EditorException("model sizes must be positive, found layers=" + layers
                    + " hidden=" + hiddenSize + " heads=" + heads + " vocab=" + vocabSize);
        }
    }
}
