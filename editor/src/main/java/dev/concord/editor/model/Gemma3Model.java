package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.MlpHook;
import dev.concord.editor.TextTokenizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gemma 3 (text), following Hugging Face's {@code Gemma3ForCausalLM} (modeling_gemma3.py) and
 * llama.cpp's gemma3 graph:
 * <ul>
 *   <li>embeddings scaled by sqrt(hidden); tied output projection;</li>
 *   <li>RMSNorm with (1 + weight), four per layer: input, post-attention (on the attention output,
 *       before the residual add), pre-feed-forward and post-feed-forward;</li>
 *   <li>q and k each RMS-normed per head ({@code q_norm}, {@code k_norm}) before rotary embeddings
 *       (rotate-half layout); queries scaled by {@code query_pre_attn_scalar}^-1/2;</li>
 *   <li>grouped-query attention; local layers attend to the last {@code sliding_window} positions with
 *       rotary base {@code rope_local_base_freq}, every {@code sliding_window_pattern}-th layer is global
 *       with base {@code rope_theta};</li>
 *   <li>gated MLP {@code down(gelu_tanh(gate(x)) * up(x))}: the MLP key (input of down_proj) is where
 *       ROME/MEMIT/GRACE hook in, as for Llama.</li>
 * </ul>
 */
public final class Gemma3Model extends GatedDecoderModel {

    private final float eps;
    private final float embedScale;
    private final float queryScale;
    private final int window;
    private final boolean[] global;
    private final double localTheta;

    public Gemma3Model(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile, NDManager manager,
                       Map<String, NDArray> checkpoint) {
        super(config, name, tokenizer, tokenizerFile, manager, new LinkedHashMap<>());
        this.eps = (float) config.normEps();
        // HF: embed_scale = hidden ** 0.5, rounded to the weights' dtype (float32 here)
        this.embedScale = (float) Math.sqrt(config.hidden());
        double scalar = config.raw().path("query_pre_attn_scalar").asDouble(config.headDim());
        this.queryScale = (float) (1.0 / Math.sqrt(scalar));
        this.window = config.raw().path("sliding_window").asInt(Integer.MAX_VALUE);
        this.localTheta = config.raw().path("rope_local_base_freq").asDouble(10000.0);
        int pattern = config.raw().path("sliding_window_pattern").asInt(6);
        this.global = new boolean[config.layers()];
        for (int l = 0; l < global.length; l++) {
            global[l] = (l + 1) % pattern == 0;
        }
        takeParameters(checkpoint, key -> key.equals("lm_head.weight")); // tied to the embeddings
    }

    @Override
    protected Map<String, Shape> expectedShapes() {
        int d = config.hidden();
        int hd = config.headDim();
        return gatedDecoderShapes((p, m) -> {
            m.put(p + "self_attn.q_norm.weight", new Shape(hd));
            m.put(p + "self_attn.k_norm.weight", new Shape(hd));
        }, (p, m) -> {
            m.put(p + "pre_feedforward_layernorm.weight", new Shape(d));
            m.put(p + "post_feedforward_layernorm.weight", new Shape(d));
        });
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    /** Gemma's RMSNorm: x / sqrt(mean(x²) + eps) · (1 + w), over the last axis. */
    private NDArray rmsNorm(NDArray x, String name) {
        NDArray inv = x.square().mean(new int[]{-1}, true).add(eps).pow(-0.5f);
        return x.mul(inv).mul(p(name).add(1f));
    }

    /** GELU, tanh approximation (PyTorch's gelu(approximate='tanh')). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
        return x.mul(0.5f).mul(inner.tanh().add(1f));
    }

    @Override
    protected NDArray forwardInScope(NDManager scope, NDArray ids, NDArray mask, Map<Integer, MlpHook> hooks) {
        int t = (int) ids.getShape().get(1);
        NDArray local = window >= t ? mask : mask.add(windowMask(scope, 0, t, t));
        return blocks(scope, ids, mask, local, 0, hooks, null, null);
    }

    /** Additive (1, 1, n, past + n) mask blocking keys more than window - 1 positions behind each query. */
    private NDArray windowMask(NDManager scope, int past, int n, int total) {
        float[] m = new float[n * total];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < total; j++) {
                m[i * total + j] = (past + i) - j >= window ? MASKED : 0f;
            }
        }
        return scope.create(m, new Shape(1, 1, n, total));
    }

    @Override
    protected NDArray stepInScope(NDManager scope, NDArray ids, int past, NDArray[][] cache, NDManager cacheManager,
                                  Map<Integer, MlpHook> hooks) {
        int n = (int) ids.getShape().get(1);
        int total = past + n;
        float[] m = new float[n * total];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < total; j++) {
                m[i * total + j] = j <= past + i ? 0f : MASKED;
            }
        }
        NDArray causal = scope.create(m, new Shape(1, 1, n, total));
        NDArray local = causal.add(windowMask(scope, past, n, total));
        return blocks(scope, ids, causal, local, past, hooks, cache, cacheManager);
    }

    private NDArray blocks(NDManager scope, NDArray ids, NDArray globalMask, NDArray localMask, int past,
                           Map<Integer, MlpHook> hooks, NDArray[][] cache, NDManager cacheManager) {
        int n = (int) ids.getShape().get(1);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        int rep = heads / kvHeads;
        NDArray[] rotGlobal = rotaryTables(scope, past, n, hd, config.ropeTheta());
        NDArray[] rotLocal = rotaryTables(scope, past, n, hd, localTheta);
        NDArray h = embed(scope, ids, p("model.embed_tokens.weight")).mul(embedScale);  // (B, T, d)
        h = applyHook(hooks, EMBEDDINGS, h, h);
        for (int l = 0; l < config.layers(); l++) {
            String pre = "model.layers." + l + ".";
            NDArray[] rot = global[l] ? rotGlobal : rotLocal;
            // attention: norm, q (B,H,T,hd) and k, v (B,Hkv,T,hd), per-head q/k norms, RoPE
            NDArray a = rmsNorm(h, pre + "input_layernorm.weight");
            NDArray q = splitHeads(linear(a, p(pre + "self_attn.q_proj.weight"), null), heads, hd);
            NDArray k = splitHeads(linear(a, p(pre + "self_attn.k_proj.weight"), null), kvHeads, hd);
            NDArray v = splitHeads(linear(a, p(pre + "self_attn.v_proj.weight"), null), kvHeads, hd);
            q = ropeHalves(rmsNorm(q, pre + "self_attn.q_norm.weight"), rot[0], rot[1]);
            k = ropeHalves(rmsNorm(k, pre + "self_attn.k_norm.weight"), rot[0], rot[1]);
            if (cache != null && cache[l] != null) {
                NDArray[] old = cache[l];
                k = old[0].concat(k, 2);
                k.attach(scope);
                v = old[1].concat(v, 2);
                v.attach(scope);
                old[0].close();
                old[1].close();
            }
            NDArray keys = k;
            NDArray values = v;
            if (rep > 1) {
                k = k.repeat(1, rep);
                v = v.repeat(1, rep);
            }
            // scores scaled by query_pre_attn_scalar^-1/2 (attention() divides by sqrt(hd): undo it)
            NDArray att = attention(q.mul(queryScale * (float) Math.sqrt(hd)), k, v, global[l] ? globalMask : localMask, hd);
            if (cache != null) {
                keys.attach(cacheManager);
                values.attach(cacheManager);
                cache[l] = new NDArray[]{keys, values};
            }
            NDArray o = linear(att, p(pre + "self_attn.o_proj.weight"), null);
            h = h.add(rmsNorm(o, pre + "post_attention_layernorm.weight"));
            // gated MLP: key = gelu_tanh(gate(x)) * up(x) (B, T, inner); value = down(key) (B, T, d)
            NDArray x = rmsNorm(h, pre + "pre_feedforward_layernorm.weight");
            NDArray key = geluTanh(linear(x, p(pre + "mlp.gate_proj.weight"), null))
                    .mul(linear(x, p(pre + "mlp.up_proj.weight"), null));
            NDArray value = linear(key, p(pre + "mlp.down_proj.weight"), null);
            h = h.add(rmsNorm(applyHook(hooks, l, key, value), pre + "post_feedforward_layernorm.weight"));
        }
        h = applyHook(hooks, MlpHook.BEFORE_HEAD, h, h);
        h = rmsNorm(h, "model.norm.weight");
        return h.matMul(p("model.embed_tokens.weight").transpose());                     // (B, T, V)
    }
}
