package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.concord.editor.EditorException;
import dev.concord.editor.MlpHook;
import dev.concord.editor.TextTokenizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Llama family (Llama 2/3, Mistral, Qwen2) in NDArray ops, following the Hugging Face
 * {@code LlamaForCausalLM} / {@code Qwen2ForCausalLM}: RMSNorm before each sub-block, rotary position
 * embeddings in the rotate-half convention (base {@code rope_theta}), grouped-query attention
 * ({@code num_key_value_heads}, each key/value head shared by heads/kvHeads query heads), SwiGLU MLP
 * {@code down(silu(gate(x)) * up(x))}, q/k/v biases for Qwen2 (q/k/v/o when a Llama config sets
 * {@code attention_bias}),
 * optional tied output projection ({@code tie_word_embeddings}).
 *
 * <p>Not supported: {@code rope_scaling} (refused at load) and Mistral's sliding window (only
 * matters beyond {@code sliding_window} tokens; this runtime attends to the whole sequence).
 */
public final class LlamaModel extends GatedDecoderModel {

    private final float eps;
    private final boolean tied;
    /** Llama/Mistral with attention_bias also bias o_proj; Qwen2 biases only q, k and v. */
    private final boolean outputBias;

    public LlamaModel(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile, NDManager manager,
                      Map<String, NDArray> checkpoint) {
        super(config, name, tokenizer, tokenizerFile, manager, new LinkedHashMap<>());
        this.eps = (float) config.normEps();
        this.outputBias = config.attentionBias() && !config.modelType().equals("qwen2");
        if (config.raw().path("mlp_bias").asBoolean(false)) {
            throw new EditorException("mlp_bias is not supported (found true in config.json); expected false");
        }
        this.tied = config.tieEmbeddings() || !checkpoint.containsKey("lm_head.weight");
        // a recomputed buffer, or a copy of the tied embedding
        takeParameters(checkpoint, key -> key.endsWith("rotary_emb.inv_freq") || (tied && key.equals("lm_head.weight")));
    }

    @Override
    protected Map<String, Shape> expectedShapes() {
        int d = config.hidden();
        int q = config.heads() * config.headDim();
        int kv = config.kvHeads() * config.headDim();
        Map<String, Shape> m = gatedDecoderShapes((p, shapes) -> {
            if (config.attentionBias()) {
                shapes.put(p + "self_attn.q_proj.bias", new Shape(q));
                shapes.put(p + "self_attn.k_proj.bias", new Shape(kv));
                shapes.put(p + "self_attn.v_proj.bias", new Shape(kv));
                if (outputBias) {
                    shapes.put(p + "self_attn.o_proj.bias", new Shape(d));
                }
            }
        }, (p, shapes) -> { });
        if (!tied) {
            m.put("lm_head.weight", new Shape(config.vocabSize(), d));
        }
        return m;
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    /** RMSNorm: x / sqrt(mean(x²) + eps) · w. */
    private NDArray rmsNorm(NDArray x, String name) {
        NDArray inv = x.square().mean(new int[]{-1}, true).add(eps).pow(-0.5f);
        return x.mul(inv).mul(p(name));
    }

    @Override
    protected NDArray forwardInScope(NDManager scope, NDArray ids, NDArray mask, Map<Integer, MlpHook> hooks) {
        int t = (int) ids.getShape().get(1);
        return blocks(scope, ids, mask, rotaryTables(scope, 0, t, config.headDim(), config.ropeTheta()), hooks, 0, null, null);
    }

    @Override
    protected NDArray stepInScope(NDManager scope, NDArray ids, int past, NDArray[][] cache, NDManager cacheManager,
                                  Map<Integer, MlpHook> hooks) {
        int n = (int) ids.getShape().get(1);
        NDArray mask = null;
        if (n > 1) { // new query i sees every cached key and new keys up to itself
            float[] m = new float[n * (past + n)];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < past + n; j++) {
                    m[i * (past + n) + j] = j <= past + i ? 0f : MASKED;
                }
            }
            mask = scope.create(m, new Shape(1, 1, n, past + n));
        }
        return blocks(scope, ids, mask, rotaryTables(scope, past, n, config.headDim(), config.ropeTheta()), hooks, past, cache,
                cacheManager);
    }

    /**
     * The decoder blocks and the head. With {@code cache} (incremental decoding), each layer's keys and
     * values (after RoPE, before the group repeat) are appended to the cached ones, which are replaced.
     */
    private NDArray blocks(NDManager scope, NDArray ids, NDArray mask, NDArray[] rot, Map<Integer, MlpHook> hooks,
                           int past, NDArray[][] cache, NDManager cacheManager) {
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        int rep = heads / kvHeads;
        NDArray h = embed(scope, ids, p("model.embed_tokens.weight"));            // (B, T, d)
        h = applyHook(hooks, EMBEDDINGS, h, h);
        boolean bias = config.attentionBias();
        for (int l = 0; l < config.layers(); l++) {
            String pre = "model.layers." + l + ".";
            // attention: RMSNorm, q (B,H,T,hd), k and v (B,Hkv,T,hd), RoPE on q and k, repeat k/v per group
            NDArray a = rmsNorm(h, pre + "input_layernorm.weight");
            NDArray q = splitHeads(linear(a, p(pre + "self_attn.q_proj.weight"),
                    bias ? p(pre + "self_attn.q_proj.bias") : null), heads, hd);
            NDArray k = splitHeads(linear(a, p(pre + "self_attn.k_proj.weight"),
                    bias ? p(pre + "self_attn.k_proj.bias") : null), kvHeads, hd);
            NDArray v = splitHeads(linear(a, p(pre + "self_attn.v_proj.weight"),
                    bias ? p(pre + "self_attn.v_proj.bias") : null), kvHeads, hd);
            q = ropeHalves(q, rot[0], rot[1]);
            k = ropeHalves(k, rot[0], rot[1]);
            if (cache != null && cache[l] != null) {                                 // (B, Hkv, past + T, hd)
                NDArray[] old = cache[l];
                k = old[0].concat(k, 2);
                k.attach(scope); // later ops then create their results in the scope, not the cache
                v = old[1].concat(v, 2);
                v.attach(scope);
                old[0].close();
                old[1].close();
            }
            NDArray keys = k;
            NDArray values = v;
            if (rep > 1) {
                k = k.repeat(1, rep); // kv head j serves query heads j·rep .. j·rep+rep-1
                v = v.repeat(1, rep);
            }
            NDArray att = mask == null ? attentionNoMask(q, k, v, hd) : attention(q, k, v, mask, hd); // (B, T, H·hd)
            if (cache != null) { // no op touches them after this: they outlive the scope in the cache
                keys.attach(cacheManager);
                values.attach(cacheManager);
                cache[l] = new NDArray[]{keys, values};
            }
            h = h.add(linear(att, p(pre + "self_attn.o_proj.weight"),
                    outputBias ? p(pre + "self_attn.o_proj.bias") : null));
            // SwiGLU MLP: key = silu(gate(x)) * up(x) (B, T, inner); value = down(key) (B, T, d)
            NDArray m = rmsNorm(h, pre + "post_attention_layernorm.weight");
            NDArray gate = linear(m, p(pre + "mlp.gate_proj.weight"), null);
            NDArray key = gate.mul(Activation.sigmoid(gate)).mul(linear(m, p(pre + "mlp.up_proj.weight"), null));
            NDArray value = linear(key, p(pre + "mlp.down_proj.weight"), null);
            h = h.add(applyHook(hooks, l, key, value));
        }
        h = applyHook(hooks, MlpHook.BEFORE_HEAD, h, h);
        h = rmsNorm(h, "model.norm.weight");
        NDArray head = tied ? p("model.embed_tokens.weight") : p("lm_head.weight");
        return h.matMul(head.transpose());                                         // (B, T, V)
    }
}
