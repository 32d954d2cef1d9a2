package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.TextTokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Llama-style decoder with a gated MLP (Llama, Mistral, Qwen2, Gemma 3): the tensor names and
 * shapes they share, and the MLP weights the editing methods read (down, then gate and up).
 */
abstract class GatedDecoderModel extends TransformerModel {

    GatedDecoderModel(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile,
                      NDManager manager, Map<String, NDArray> params) {
        super(config, name, tokenizer, tokenizerFile, manager, params);
    }

    /**
     * The tensors of a Llama-style decoder (Llama, Mistral, Qwen2, Gemma 3), in checkpoint order: the
     * embeddings; per layer the input norm, the q/k/v/o projections, {@code afterProjections} (biases,
     * Gemma's q/k norms), the post-attention norm, {@code afterAttentionNorm} (Gemma's feed-forward
     * norms) and the gated MLP; then the final norm. Each hook gets the layer's name prefix.
     */
    protected final Map<String, Shape> gatedDecoderShapes(java.util.function.BiConsumer<String, Map<String, Shape>> afterProjections,
                                                          java.util.function.BiConsumer<String, Map<String, Shape>> afterAttentionNorm) {
        int d = config.hidden();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        int inner = config.intermediate();
        Map<String, Shape> m = new java.util.LinkedHashMap<>();
        m.put("model.embed_tokens.weight", new Shape(config.vocabSize(), d));
        for (int l = 0; l < config.layers(); l++) {
            String p = "model.layers." + l + ".";
            m.put(p + "input_layernorm.weight", new Shape(d));
            m.put(p + "self_attn.q_proj.weight", new Shape(q, d));
            m.put(p + "self_attn.k_proj.weight", new Shape(kv, d));
            m.put(p + "self_attn.v_proj.weight", new Shape(kv, d));
            m.put(p + "self_attn.o_proj.weight", new Shape(d, q));
            afterProjections.accept(p, m);
            m.put(p + "post_attention_layernorm.weight", new Shape(d));
            afterAttentionNorm.accept(p, m);
            m.put(p + "mlp.gate_proj.weight", new Shape(inner, d));
            m.put(p + "mlp.up_proj.weight", new Shape(inner, d));
            m.put(p + "mlp.down_proj.weight", new Shape(d, inner));
        }
        m.put("model.norm.weight", new Shape(d));
        return m;
    }

    @Override
    protected boolean supportsKvCache() {
        return true;
    }

    @Override
    public NDArray mlpOutWeight(int layer) {
        return params.get("model.layers." + checkLayer(layer) + ".mlp.down_proj.weight");
    }

    /** Gate then up projection. */
    @Override
    public List<NDArray> mlpInWeights(int layer) {
        String p = "model.layers." + checkLayer(layer) + ".mlp.";
        return List.of(params.get(p + "gate_proj.weight"), params.get(p + "up_proj.weight"));
    }
}
