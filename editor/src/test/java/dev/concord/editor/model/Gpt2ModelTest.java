package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.MlpHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class Gpt2ModelTest {

    @TempDir
    static Path tmp;
    static TransformerModel model;

    @BeforeAll
    static void load() {
        Path dir = TinyModels.randomGpt2(tmp.resolve("gpt2"), 7, TinyModels.Sizes.tiny());
        model = LanguageModels.load(dir, "cpu");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void forwardGivesLogitsForEveryPosition() {
        try (NDManager m = model.newManager()) {
            NDArray logits = model.forward(m, m.create(new long[]{1, 2, 3, 4, 5, 6}, new Shape(2, 3)), null);
            assertEquals(new Shape(2, 3, 300), logits.getShape());
            assertFalse(Float.isNaN(logits.sum().getFloat()));
        }
    }

    @Test
    void paddedRowAgreesWithUnpaddedRowOnItsRealPositions() {
        try (NDManager m = model.newManager()) {
            NDArray alone = model.forward(m, m.create(new long[]{10, 20}, new Shape(1, 2)), null);
            NDArray padded = model.forward(m, m.create(new long[]{10, 20, 0, 0, 30, 40, 50, 60}, new Shape(2, 4)),
                    new long[]{2, 4}, null);
            float[] a = alone.get(0).toFloatArray();
            float[] b = padded.get("0, 0:2").toFloatArray();
            assertArrayEquals(a, b, 1e-5f);
        }
    }

    @Test
    void hookThatAddsADeltaChangesLogitsAndReceivesAGradient() {
        try (NDManager m = model.newManager()) {
            NDArray ids = m.create(new long[]{5, 6, 7}, new Shape(1, 3));
            NDArray base = model.forward(m, ids, null);
            NDArray delta = m.zeros(new Shape(32));
            delta.setRequiresGradient(true);
            MlpHook hook = (layer, key, value) -> {
                assertEquals(new Shape(1, 3, 64), key.getShape());
                return value.add(delta);
            };
            NDArray grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(m, ids, Map.of(1, hook));
                // with a zero delta the logits are unchanged
                assertArrayEquals(base.toFloatArray(), logits.toFloatArray(), 1e-6f);
                gc.backward(logits.get("0, -1, 3"));
                grad = delta.getGradient();
            }
            assertTrue(grad.abs().sum().getFloat() > 0, "gradient must reach the delta");
        }
    }
}
