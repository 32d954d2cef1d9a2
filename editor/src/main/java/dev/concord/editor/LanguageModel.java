package dev.concord.editor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;
import java.util.Map;

/**
 * A loaded decoder-only transformer (GPT-2, Llama family, the demo model) on the DJL PyTorch
 * engine, with what the editing methods need. One owner closes it.
 *
 * <p>Conventions: token ids are int64; every linear weight is held in PyTorch {@code Linear}
 * layout (out, in), so {@code y = x · Wᵀ}, whatever the checkpoint's layout (GPT-2's Conv1D is
 * transposed on load). Returned NDArrays belong to the manager passed in.
 */
public interface LanguageModel extends AutoCloseable {

    /** Architecture and sizes as read from config.json. */
    ModelInfo info();

    /** The model's own tokenizer (the checkpoint's tokenizer.json). */
    TextTokenizer tokenizer();

    /**
     * Forward pass over a batch of equal-length id rows (B, T) with optional MLP hooks by layer
     * (null or empty for none). Returns logits (B, T, V) in float32.
     *
     * <p>Intermediate arrays, including the key and value handed to hooks, live in a scope closed
     * when the pass returns; a hook that keeps one must attach it (or a duplicate) to its own manager.
     * Gradients still reach arrays the hooks used (the autograd tape keeps what backward needs).
     */
    NDArray forward(NDManager manager, NDArray ids, Map<Integer, MlpHook> hooks);

    /**
     * Forward pass over right-padded rows of different lengths; {@code lengths[b]} real tokens in
     * row b. Padding positions are masked out of attention; their logits are undefined.
     */
    NDArray forward(NDManager manager, NDArray ids, long[] lengths, Map<Integer, MlpHook> hooks);

    /**
     * The ids of {@code target} as the continuation of {@code prompt}: a space is put between them
     * unless one side already has whitespace there, and the ids are those the tokenizer gives the
     * joined text after the prompt's own ids (or the target's own encoding when the joined text does
     * not start with the prompt's ids).
     */
    long[] targetIds(String prompt, String target);

    /** A new manager on the model's device (a child of the model's own manager); the caller closes it. */
    NDManager newManager();

    /** Sum of log p(target tokens | prompt) under teacher forcing (natural log), target ids as {@link #targetIds}. */
    double targetLogProb(String prompt, String target);

    /**
     * Incremental decoding: each {@link #step} feeds new token ids and returns the logits of the
     * last one. Architectures with a KV cache (the Llama family) keep every layer's keys and values,
     * so a step costs one token's work; the others re-run the whole sequence. Close it when done.
     */
    interface Decoder extends AutoCloseable {
        /** Appends {@code ids} to the sequence; the logits (V) after the last of them. */
        float[] step(long[] ids);

        /** Tokens seen so far. */
        int length();

        @Override
        void close();
    }

    /** A decoder over this model with MLP hooks (null for none). */
    Decoder decoder(Map<Integer, MlpHook> hooks);

    /** The instruct model's chat format (from the GGUF metadata), or null for a plain language model. */
    default ChatTemplate chatTemplate() {
        return null;
    }

    /** Greedy completion: up to maxNewTokens tokens, stopping early at end-of-text or a newline. */
    String generate(String prompt, int maxNewTokens);

    /**
     * Greedy completions of many prompts, the same as {@link #generate} for each, computed in batches
     * (one forward pass per new token for a whole batch of right-padded prompts).
     */
    default List<String> generateAll(List<String> prompts, int maxNewTokens) {
        return prompts.stream().map(p -> generate(p, maxNewTokens)).toList();
    }

    /** Sampled completion with a temperature and a top-k cut-off, from a fixed seed. */
    String sample(String prompt, int maxNewTokens, double temperature, int topK, long seed);

    /**
     * The named parameters in Hugging Face naming of the architecture (for example
     * {@code transformer.h.3.mlp.c_proj.weight}), in Linear layout. The arrays are the live
     * weights: editing methods add deltas to them in place and must restore them exactly.
     */
    Map<String, NDArray> parameters();

    /** The live output-projection weight of layer {@code layer}'s MLP, shape (dModel, dInner). */
    NDArray mlpOutWeight(int layer);

    /** The live input-side weights of layer {@code layer}'s MLP (GPT-2: c_fc; Llama: gate and up). */
    List<NDArray> mlpInWeights(int layer);

    /** Where the model lives ("cpu()" or "gpu(0)"). */
    String device();

    @Override
    void close();
}
