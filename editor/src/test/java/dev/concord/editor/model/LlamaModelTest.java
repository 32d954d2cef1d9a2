package dev.concord.editor.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.concord.editor.LanguageModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LlamaModelTest {

    @TempDir
    Path tmp;

    @Test
    void swigluKeyAndDownProjectionValueAreWhatTheHookSees() {
        Path dir = TinyModels.randomLlama(tmp.resolve("llama"), 9, TinyModels.Sizes.tiny(), 2, "llama");
        try (TransformerModel model = LanguageModels.load(dir, "cpu"); NDManager m = model.newManager()) {
            assertEquals("llama", model.info().architecture());
            assertEquals(2, model.info().kvHeads());
            assertEquals(new Shape(32, 64), model.mlpOutWeight(1).getShape());
            assertEquals(2, model.mlpInWeights(1).size());
            NDArray ids = m.create(new long[]{3, 4, 5}, new Shape(1, 3));
            NDArray[] seen = new NDArray[2];
            model.forward(m, ids, Map.of(0, (layer, key, value) -> {
                seen[0] = key.duplicate();
                seen[0].attach(m);
                seen[1] = value.duplicate();
                seen[1].attach(m);
                return value;
            }));
            assertEquals(new Shape(1, 3, 64), seen[0].getShape());
            // value = key · down_projᵀ
            NDArray expected = seen[0].matMul(model.mlpOutWeight(0).transpose());
            expected.attach(m);
            assertArrayEquals(expected.toFloatArray(), seen[1].toFloatArray(), 1e-5f);
        }
    }

    @Test
    void qwen2VariantLoadsWithBiasesAndTiedHeadAndPassesGradients() {
        Path dir = TinyModels.randomLlama(tmp.resolve("qwen"), 9, TinyModels.Sizes.tiny(), 1, "qwen2");
        try (TransformerModel model = LanguageModels.load(dir, "cpu"); NDManager m = model.newManager()) {
            assertTrue(model.parameters().containsKey("model.layers.0.self_attn.q_proj.bias"));
            assertFalse(model.parameters().containsKey("lm_head.weight"));
            NDArray delta = m.zeros(new Shape(32));
            delta.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(m, m.create(new long[]{1, 2}, new Shape(1, 2)),
                        Map.of(1, (layer, key, value) -> value.add(delta)));
                gc.backward(logits.get("0, 1, 7"));
            }
            assertTrue(delta.getGradient().abs().sum().getFloat() > 0);
        }
    }
}
