package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.MlpHook;
import dev.concord.editor.TextTokenizer;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GPT-2 (Radford et al. 2019) in NDArray ops, following the Hugging Face {@code GPT2LMHeadModel}:
 * learned positions, pre-LayerNorm blocks, fused q/k/v projection ({@code c_attn}), GELU with the
 * tanh approximation ("gelu_new"), final LayerNorm, output projection tied to the token embedding.
 *
 * <p>Checkpoints store the four Conv1D weights per block ({@code attn.c_attn}, {@code attn.c_proj},
 * {@code mlp.c_fc}, {@code mlp.c_proj}) as (in, out); they are transposed to Linear (out, in) on load
 * and back on save. Names are kept with the {@code transformer.} prefix (added when a checkpoint
 * lacks it, as the original OpenAI conversions do).
 */
public final class Gpt2Model extends TransformerModel {

    private static final String[] CONV1D = {"attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"};

    private final Set<String> conv1dNames = new HashSet<>();
    private final float eps;

    public Gpt2Model(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile, NDManager manager,
                     Map<String, NDArray> checkpoint) {
        super(config, name, tokenizer, tokenizerFile, manager, new LinkedHashMap<>());
        if (!config.activation().equals("gelu_new") && !config.activation().equals("gelu_pytorch_tanh")) {
            throw new EditorException("expected activation_function gelu_new for gpt2 but found " + config.activation());
        }
        this.eps = (float) config.normEps();
        for (int l = 0; l < config.layers(); l++) {
            for (String c : CONV1D) {
                conv1dNames.add("transformer.h." + l + "." + c);
            }
        }
        for (Map.Entry<String, NDArray> e : checkpoint.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(".attn.bias") || key.endsWith(".attn.masked_bias")) {
                e.getValue().close(); // causal-mask buffers of old checkpoints, not parameters
                continue;
            }
            if (key.equals("lm_head.weight")) {
                e.getValue().close(); // tied to transformer.wte.weight
                continue;
            }
            String name2 = key.startsWith("transformer.") ? key : "transformer." + key;
            NDArray w = e.getValue();
            if (conv1dNames.contains(name2) && w.getShape().dimension() == 2) {
                NDArray t = transposed(w);
                w.close();
                w = t;
            }
            params.put(name2, w);
        }
        checkShapes();
    }

    @Override
    protected Map<String, Shape> expectedShapes() {
        int d = config.hidden();
        int inner = config.intermediate();
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("transformer.wte.weight", new Shape(config.vocabSize(), d));
        m.put("transformer.wpe.weight", new Shape(config.maxPositions(), d));
        for (int l = 0; l < config.layers(); l++) {
            String p = "transformer.h." + l + ".";
            m.put(p + "ln_1.weight", new Shape(d));
            m.put(p + "ln_1.bias", new Shape(d));
            m.put(p + "attn.c_attn.weight", new Shape(3L * d, d));
            m.put(p + "attn.c_attn.bias", new Shape(3L * d));
            m.put(p + "attn.c_proj.weight", new Shape(d, d));
            m.put(p + "attn.c_proj.bias", new Shape(d));
            m.put(p + "ln_2.weight", new Shape(d));
            m.put(p + "ln_2.bias", new Shape(d));
            m.put(p + "mlp.c_fc.weight", new Shape(inner, d));
            m.put(p + "mlp.c_fc.bias", new Shape(inner));
            m.put(p + "mlp.c_proj.weight", new Shape(d, inner));
            m.put(p + "mlp.c_proj.bias", new Shape(d));
        }
        m.put("transformer.ln_f.weight", new Shape(d));
        m.put("transformer.ln_f.bias", new Shape(d));
        return m;
    }

    private NDArray p(String name) {
        return params.get(name);
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        NDArray g = p(prefix + ".weight");
        NDArray b = p(prefix + ".bias");
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.hidden()), g, b, eps).singletonOrThrow();
    }

    /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    static NDArray geluNew(NDArray x) {
        double c = Math.sqrt(2.0 / Math.PI);
        return x.pow(3).mul(0.044715f).add(x).mul((float) c).tanh().add(1f).mul(x).mul(0.5f);
    }

    @Override
    protected NDArray forwardInScope(NDManager scope, NDArray ids, NDArray mask, Map<Integer, MlpHook> hooks) {
        int t = (int) ids.getShape().get(1);
        int d = config.hidden();
        int heads = config.heads();
        int hd = config.headDim();
        // token + learned position embeddings: (B, T, d)
        NDArray h = embed(scope, ids, p("transformer.wte.weight"))
                .add(p("transformer.wpe.weight").get(new NDIndex("0:{}", t)));
        h = applyHook(hooks, EMBEDDINGS, h, h);
        for (int l = 0; l < config.layers(); l++) {
            String pre = "transformer.h." + l + ".";
            // attention sub-block: LN, fused qkv (B, T, 3d), split into heads, causal attention, output projection
            NDArray a = layerNorm(h, pre + "ln_1");
            NDArray qkv = linear(a, p(pre + "attn.c_attn.weight"), p(pre + "attn.c_attn.bias"));
            List<NDArray> parts = qkv.split(3, 2).stream().toList();
            NDArray q = splitHeads(parts.get(0), heads, hd);
            NDArray k = splitHeads(parts.get(1), heads, hd);
            NDArray v = splitHeads(parts.get(2), heads, hd);
            NDArray att = attention(q, k, v, mask, hd);                                   // (B, T, d)
            h = h.add(linear(att, p(pre + "attn.c_proj.weight"), p(pre + "attn.c_proj.bias")));
            // MLP sub-block: key = gelu(c_fc(LN(h))) (B, T, inner); value = c_proj(key) (B, T, d)
            NDArray m = layerNorm(h, pre + "ln_2");
            NDArray key = geluNew(linear(m, p(pre + "mlp.c_fc.weight"), p(pre + "mlp.c_fc.bias")));
            NDArray value = linear(key, p(pre + "mlp.c_proj.weight"), p(pre + "mlp.c_proj.bias"));
            h = h.add(applyHook(hooks, l, key, value));
        }
        h = applyHook(hooks, MlpHook.BEFORE_HEAD, h, h);
        h = layerNorm(h, "transformer.ln_f");
        // tied output projection: (B, T, d) · wteᵀ → (B, T, V)
        return h.matMul(p("transformer.wte.weight").transpose());
    }

    @Override
    protected Map<String, NDArray> checkpointTensors(NDManager scope) {
        return copies(scope, n -> n, conv1dNames);
    }

    @Override
    public NDArray mlpOutWeight(int layer) {
        return params.get("transformer.h." + checkLayer(layer) + ".mlp.c_proj.weight");
    }

    @Override
    public List<NDArray> mlpInWeights(int layer) {
        return List.of(params.get("transformer.h." + checkLayer(layer) + ".mlp.c_fc.weight"));
    }
}
