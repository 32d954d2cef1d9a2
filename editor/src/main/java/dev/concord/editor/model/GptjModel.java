package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.MlpHook;
import dev.concord.editor.TextTokenizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-J (Wang and Komatsuzaki 2021) in NDArray ops, following the Hugging Face
 * {@code GPTJForCausalLM}: one LayerNorm per block whose output feeds attention and the MLP in
 * parallel ({@code h + attn(ln(h)) + mlp(ln(h))}); q/k/v/out projections without bias; rotary
 * embeddings on the first {@code rotary_dim} dims of each head in the interleaved convention
 * (pairs (0,1), (2,3), ..., "rotate_every_two"), base 10000; GELU (tanh approximation) MLP
 * {@code fc_in}/{@code fc_out}; untied {@code lm_head} with bias. Weights are nn.Linear (out, in).
 */
public final class GptjModel extends TransformerModel {

    private final float eps;

    public GptjModel(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile, NDManager manager,
                     Map<String, NDArray> checkpoint) {
        super(config, name, tokenizer, tokenizerFile, manager, new LinkedHashMap<>());
        if (!config.activation().equals("gelu_new")) {
            throw new EditorException("expected activation_function gelu_new for gptj but found " + config.activation());
        }
        this.eps = (float) config.normEps();
        // causal-mask and sinusoid buffers are recomputed here
        takeParameters(checkpoint, key -> key.endsWith(".attn.bias") || key.endsWith(".attn.masked_bias")
                || key.endsWith(".embed_positions"));
    }

    @Override
    protected Map<String, Shape> expectedShapes() {
        int d = config.hidden();
        int inner = config.intermediate();
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("transformer.wte.weight", new Shape(config.vocabSize(), d));
        for (int l = 0; l < config.layers(); l++) {
            String p = "transformer.h." + l + ".";
            m.put(p + "ln_1.weight", new Shape(d));
            m.put(p + "ln_1.bias", new Shape(d));
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                m.put(p + "attn." + proj + ".weight", new Shape(d, d));
            }
            m.put(p + "mlp.fc_in.weight", new Shape(inner, d));
            m.put(p + "mlp.fc_in.bias", new Shape(inner));
            m.put(p + "mlp.fc_out.weight", new Shape(d, inner));
            m.put(p + "mlp.fc_out.bias", new Shape(d));
        }
        m.put("transformer.ln_f.weight", new Shape(d));
        m.put("transformer.ln_f.bias", new Shape(d));
        m.put("lm_head.weight", new Shape(config.vocabSize(), d));
        m.put("lm_head.bias", new Shape(config.vocabSize()));
        return m;
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.hidden()), p(prefix + ".weight"),
                p(prefix + ".bias"), eps).singletonOrThrow();
    }

    /** Rotary tables (T, rotaryDim): frequency i serves the pair of dims (2i, 2i+1). */
    private NDArray[] rotaryTables(NDManager scope, int t) {
        int rd = config.rotaryDim();
        float[] cos = new float[t * rd];
        float[] sin = new float[t * rd];
        for (int i = 0; i < rd / 2; i++) {
            float invFreq = (float) (1.0 / Math.pow(10000.0, (2.0 * i) / rd));
            for (int pos = 0; pos < t; pos++) {
                float angle = pos * invFreq;
                for (int k = 0; k < 2; k++) {
                    cos[pos * rd + 2 * i + k] = (float) Math.cos(angle);
                    sin[pos * rd + 2 * i + k] = (float) Math.sin(angle);
                }
            }
        }
        return new NDArray[]{scope.create(cos, new Shape(t, rd)), scope.create(sin, new Shape(t, rd))};
    }

    /** Interleaved rotary embedding on the first rotaryDim dims of x (B, H, T, hd); the rest passes. */
    private NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        int rd = config.rotaryDim();
        int hd = config.headDim();
        NDArray rot = rd == hd ? x : x.get(new NDIndex("..., 0:{}", rd));
        Shape s = rot.getShape();
        // rotate_every_two: (x0, x1, x2, x3, ...) -> (-x1, x0, -x3, x2, ...)
        NDArray pairs = rot.reshape(s.get(0), s.get(1), s.get(2), rd / 2, 2);
        NDArray even = pairs.get(new NDIndex("..., 0"));
        NDArray odd = pairs.get(new NDIndex("..., 1"));
        NDArray rotated = NDArrays.stack(new NDList(odd.neg(), even), 4).reshape(s);
        NDArray out = rot.mul(cos).add(rotated.mul(sin));
        return rd == hd ? out : out.concat(x.get(new NDIndex("..., {}:", rd)), 3);
    }

    @Override
    protected NDArray forwardInScope(NDManager scope, NDArray ids, NDArray mask, Map<Integer, MlpHook> hooks) {
        int t = (int) ids.getShape().get(1);
        int heads = config.heads();
        int hd = config.headDim();
        NDArray[] rot = rotaryTables(scope, t);
        NDArray h = embed(scope, ids, p("transformer.wte.weight"));                    // (B, T, d)
        h = applyHook(hooks, EMBEDDINGS, h, h);
        for (int l = 0; l < config.layers(); l++) {
            String pre = "transformer.h." + l + ".";
            NDArray a = layerNorm(h, pre + "ln_1");
            // attention branch: q, k, v (B, H, T, hd), rotary on q and k, causal attention, out_proj
            NDArray q = rope(splitHeads(linear(a, p(pre + "attn.q_proj.weight"), null), heads, hd), rot[0], rot[1]);
            NDArray k = rope(splitHeads(linear(a, p(pre + "attn.k_proj.weight"), null), heads, hd), rot[0], rot[1]);
            NDArray v = splitHeads(linear(a, p(pre + "attn.v_proj.weight"), null), heads, hd);
            NDArray att = linear(attention(q, k, v, mask, hd), p(pre + "attn.out_proj.weight"), null);
            // MLP branch on the same normalised input: key = gelu(fc_in(a)) (B, T, inner); value = fc_out(key)
            NDArray key = Gpt2Model.geluNew(linear(a, p(pre + "mlp.fc_in.weight"), p(pre + "mlp.fc_in.bias")));
            NDArray value = linear(key, p(pre + "mlp.fc_out.weight"), p(pre + "mlp.fc_out.bias"));
            h = h.add(att).add(applyHook(hooks, l, key, value));
        }
        h = applyHook(hooks, MlpHook.BEFORE_HEAD, h, h);
        h = layerNorm(h, "transformer.ln_f");
        return linear(h, p("lm_head.weight"), p("lm_head.bias"));                      // (B, T, V)
    }

    @Override
    public NDArray mlpOutWeight(int layer) {
        return params.get("transformer.h." + checkLayer(layer) + ".mlp.fc_out.weight");
    }

    @Override
    public List<NDArray> mlpInWeights(int layer) {
        return List.of(params.get("transformer.h." + checkLayer(layer) + ".mlp.fc_in.weight"));
    }
}
