package dev.concord.editor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.MlpHook;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head hook ({@link MlpHook#BEFORE_HEAD}) that the value optimisation uses to compute logits at
 * a few positions only: on each architecture, the selected positions' logits are the full pass's rows.
 */
class HeadSelectionTest {

    @TempDir
    Path tmp;

    @Test
    void selectedPositionsHaveTheFullPassLogitsOnGpt2AndLlama() {
        check(TinyModels.randomGpt2(tmp.resolve("gpt2"), 5, TinyModels.Sizes.tiny()));
        check(TinyModels.randomLlama(tmp.resolve("llama"), 6, TinyModels.Sizes.tiny(), 2, "llama"));
    }

    private static void check(Path dir) {
        try (TransformerModel model = LanguageModels.load(dir, "cpu"); NDManager m = model.newManager()) {
            int b = 2;
            int t = 4;
            NDArray ids = m.create(new long[] {3, 4, 5, 6, 7, 8, 9, 10}, new Shape(b, t));
            long[] lengths = {3, 4};
            NDArray full = model.forward(m, ids, lengths, Map.of());
            long v = full.getShape().get(2);
            long[] picked = {1, 2, 7}; // row 0 position 1, row 0 position 2, row 1 position 3
            int d = model.info().hiddenSize();
            NDArray index = m.create(picked, new Shape(picked.length, 1)).repeat(1, d);
            MlpHook pick = (l, key, value) -> value.reshape(b * t, d).gather(index, 0).expandDims(0);
            NDArray some = model.forward(m, ids, lengths, Map.of(MlpHook.BEFORE_HEAD, pick));
            assertEquals(new Shape(1, picked.length, v), some.getShape(), model.info().architecture());
            float[] all = full.reshape(b * t, v).toFloatArray();
            float[] got = some.reshape(picked.length, v).toFloatArray();
            for (int i = 0; i < picked.length; i++) {
                float[] expected = java.util.Arrays.copyOfRange(all, (int) (picked[i] * v), (int) ((picked[i] + 1) * v));
                float[] actual = java.util.Arrays.copyOfRange(got, (int) (i * v), (int) ((i + 1) * v));
                assertArrayEquals(expected, actual, 1e-5f, model.info().architecture() + " position " + picked[i]);
            }
        }
    }
}
