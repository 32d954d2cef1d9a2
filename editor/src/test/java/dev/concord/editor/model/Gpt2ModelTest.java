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

    @Test
    void hookAddingADeltaToTheValueEqualsShiftingTheOutputBias() {
        float[] d = new float[32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(i) * 0.5f;
        }
        try (NDManager m = model.newManager()) {
            NDArray ids = m.create(new long[]{5, 6, 7, 8}, new Shape(1, 4));
            NDArray delta = m.create(d);
            NDArray hooked = model.forward(m, ids, Map.of(1, (layer, key, value) -> value.add(delta)));
            NDArray bias = model.parameters().get("transformer.h.1.mlp.c_proj.bias");
            bias.addi(delta);
            try {
                NDArray shifted = model.forward(m, ids, null);
                assertArrayEquals(shifted.toFloatArray(), hooked.toFloatArray(), 1e-5f);
            } finally {
                bias.subi(delta);
            }
            NDArray base = model.forward(m, ids, null);
            assertTrue(base.sub(hooked).abs().max().getFloat() > 1e-3, "the delta must change the logits");
        }
    }

    @Test
    void targetLogProbIsTheSumOfTeacherForcedLogSoftmaxEntries() {
        String prompt = "The capital of France is";
        long[] p = model.tokenizer().encode(prompt);
        long[] t = model.targetIds(prompt, "Paris");
        assertArrayEquals(model.tokenizer().encode(" Paris"), t);
        long[] all = TransformerModel.concat(p, t);
        double expected = 0;
        try (NDManager m = model.newManager()) {
            float[] logits = model.forward(m, m.create(all, new Shape(1, all.length)), null).toFloatArray();
            int v = 300;
            for (int i = 0; i < t.length; i++) {
                int row = (p.length - 1 + i) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    max = Math.max(max, logits[row + j]);
                }
                double z = 0;
                for (int j = 0; j < v; j++) {
                    z += Math.exp(logits[row + j] - max);
                }
                expected += logits[row + (int) t[i]] - max - Math.log(z);
            }
        }
        assertEquals(expected, model.targetLogProb(prompt, "Paris"), 1e-4);
    }

    @Test
    void greedyGenerationFollowsTheArgmaxAndSamplingIsReproducible() {
        String prompt = "Barack Obama was born in";
        long[] p = model.tokenizer().encode(prompt);
        long next;
        try (NDManager m = model.newManager()) {
            next = model.forward(m, m.create(p, new Shape(1, p.length)), null).get("0, -1").argMax().getLong();
        }
        String greedy = model.generate(prompt, 6);
        assertTrue(greedy.startsWith(model.tokenizer().decode(new long[]{next})) || next == model.tokenizer().endOfText());
        assertEquals(greedy, model.sample(prompt, 6, 0, 10, 1));
        String a = model.sample(prompt, 8, 1.5, 50, 42);
        assertEquals(a, model.sample(prompt, 8, 1.5, 50, 42));
        assertNotEquals(a + model.sample(prompt, 8, 1.5, 50, 43) + model.sample(prompt, 8, 1.5, 50, 44),
                a + a + a, "different seeds should give different samples");
    }

    @Test
    void batchedGenerationEqualsOneByOneGeneration() {
        java.util.List<String> prompts = java.util.List.of("The capital of France is", "Obama", "Albert Einstein developed the",
                "x", "The mother tongue of Danielle Darrieux is");
        java.util.List<String> batched = model.generateAll(prompts, 7);
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(model.generate(prompts.get(i), 7), batched.get(i), prompts.get(i));
        }
    }
}
