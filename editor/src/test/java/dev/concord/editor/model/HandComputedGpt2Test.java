package dev.concord.editor.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A one-layer GPT-2 with d = 2, one head and weights chosen so every number can be checked by hand.
 *
 * <pre>
 * wte = [[1,0],[0,1],[2,0]], wpe = 0, all norms: gain 1 bias 0 except ln_f (gain [2,1], bias [0.5,0]), eps 0.
 * attention: q = k = 0 (uniform causal attention), v = identity, c_proj = identity -> att_i = mean_{j<=i} LN(h_j)
 * MLP: c_fc = identity, c_proj = identity -> key = gelu(LN(h)), value = key.
 * LayerNorm of a 2-vector (a, b) with a > b is (1, -1), with a < b it is (-1, 1).
 * gelu_new(1) = 0.5 (1 + tanh(0.7978846 * 1.044715)) = 0.8411920, gelu_new(-1) = -0.1588080.
 *
 * ids [0, 1]:
 * position 0: h = (1,0); LN -> (1,-1); att = (1,-1); h = (2,-1); LN -> (1,-1); key = (0.8411920, -0.1588080);
 *             h = (2.8411920, -1.1588080); LN_f -> (1,-1)*(2,1)+(0.5,0) = (2.5,-1);
 *             logits = (2.5, -1, 2*2.5) = (2.5, -1, 5)
 * position 1: h = (0,1); LN -> (-1,1); att = mean((1,-1),(-1,1)) = (0,0); h = (0,1); LN -> (-1,1);
 *             key = (-0.1588080, 0.8411920); h = (-0.1588080, 1.8411920); LN_f -> (-2+0.5, 1) = (-1.5, 1);
 *             logits = (-1.5, 1, -3)
 * </pre>
 */
class HandComputedGpt2Test {

    @Test
    void logitsAndMlpKeysMatchTheHandComputation() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("model_type", "gpt2").put("vocab_size", 3).put("n_embd", 2).put("n_layer", 1).put("n_head", 1)
                .put("n_inner", 2).put("n_positions", 4).put("layer_norm_epsilon", 0.0);
        ModelConfig config = ModelConfig.parse(c);
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        Map<String, NDArray> w = new LinkedHashMap<>();
        w.put("wte.weight", manager.create(new float[]{1, 0, 0, 1, 2, 0}, new Shape(3, 2)));
        w.put("wpe.weight", manager.zeros(new Shape(4, 2)));
        w.put("h.0.ln_1.weight", manager.ones(new Shape(2)));
        w.put("h.0.ln_1.bias", manager.zeros(new Shape(2)));
        // Conv1D layout (in, out): columns 0-1 q, 2-3 k (zero), 4-5 v (identity)
        w.put("h.0.attn.c_attn.weight", manager.create(new float[]{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1}, new Shape(2, 6)));
        w.put("h.0.attn.c_attn.bias", manager.zeros(new Shape(6)));
        w.put("h.0.attn.c_proj.weight", manager.create(new float[]{1, 0, 0, 1}, new Shape(2, 2)));
        w.put("h.0.attn.c_proj.bias", manager.zeros(new Shape(2)));
        w.put("h.0.ln_2.weight", manager.ones(new Shape(2)));
        w.put("h.0.ln_2.bias", manager.zeros(new Shape(2)));
        w.put("h.0.mlp.c_fc.weight", manager.create(new float[]{1, 0, 0, 1}, new Shape(2, 2)));
        w.put("h.0.mlp.c_fc.bias", manager.zeros(new Shape(2)));
        w.put("h.0.mlp.c_proj.weight", manager.create(new float[]{1, 0, 0, 1}, new Shape(2, 2)));
        w.put("h.0.mlp.c_proj.bias", manager.zeros(new Shape(2)));
        w.put("ln_f.weight", manager.create(new float[]{2, 1}));
        w.put("ln_f.bias", manager.create(new float[]{0.5f, 0}));
        try (Gpt2Model model = new Gpt2Model(config, "hand", null, null, manager, w);
             NDManager m = model.newManager()) {
            List<float[]> keys = new ArrayList<>();
            NDArray logits = model.forward(m, m.create(new long[]{0, 1}, new Shape(1, 2)),
                    Map.of(0, (layer, key, value) -> {
                        keys.add(key.toFloatArray());
                        return value;
                    }));
            assertArrayEquals(new float[]{2.5f, -1f, 5f, -1.5f, 1f, -3f}, logits.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[]{0.8411920f, -0.1588080f, -0.1588080f, 0.8411920f}, keys.get(0), 1e-5f);
        }
    }
}
