package dev.concord.editor;

import ai.djl.ndarray.NDArray;

/**
 * Reads or rewrites one transformer block's MLP during a forward pass.
 *
 * <p>The "key" is the input of the MLP's output projection (after the activation, or after
 * SwiGLU's gate*up product), shape (B, T, dInner); the "value" is that projection's output,
 * shape (B, T, dModel), before it is added to the residual stream. This is the pair ROME and
 * MEMIT edit (Meng et al. 2022, "Locating and Editing Factual Associations in GPT") and the
 * place GRACE puts its codebook adaptor.
 *
 * <p>The returned array replaces the value (return {@code value} unchanged to only read). Any
 * NDArray ops on {@code value} stay on the autograd tape, so a delta that requires gradients
 * receives them.
 */
@FunctionalInterface
public interface MlpHook {
    /**
     * A hook under this key sees the token embeddings (B, T, d) as both key and value, before the
     * first block, and may replace them (causal tracing corrupts the subject's embeddings so).
     * Every runtime architecture supports it (for GPT-2, after the position embeddings are added).
     */
    int EMBEDDINGS = -1;

    /**
     * A hook under this key sees the last block's output (B, T, d) as both key and value, before the
     * final norm and the output head, and may replace it, for example with only the positions whose
     * logits are needed, (1, P, d): the head then computes (1, P, V), a fraction of its cost. The
     * final norm and head work position by position, so a selected row's logits are the same as in
     * the full pass. Every runtime architecture supports it.
     */
    int BEFORE_HEAD = -2;

    NDArray apply(int layer, NDArray key, NDArray value);
}
