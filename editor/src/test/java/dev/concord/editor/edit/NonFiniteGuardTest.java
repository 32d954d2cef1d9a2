package dev.concord.editor.edit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards that keep one bad optimisation step out of the parameters and the edit log. */
class NonFiniteGuardTest {

    @Test
    void adamSkipsANonFiniteGradientAndThenStepsAsIfItNeverCame() {
        Adam adam = new Adam(2, 0.1);
        float[] p = {1f, 2f};
        assertFalse(adam.step(p, new float[] {Float.NaN, 1f}));
        assertArrayEquals(new float[] {1f, 2f}, p, "parameters untouched");
        assertEquals(1, adam.skipped());
        // first real step: bias-corrected m/sqrt(v) = sign(g), so each parameter moves by lr
        assertTrue(adam.step(p, new float[] {0.5f, -2f}));
        assertArrayEquals(new float[] {0.9f, 2.1f}, p, 1e-6f);
    }

    @Test
    void aDeltaWithNaNOrInfinityIsRefusedWithTheLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            EditDelta ok = new EditDelta.Dense(3, m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
            assertDoesNotThrow(() -> ok.requireFinite("test"));
            EditDelta nan = new EditDelta.Dense(3, m.create(new float[] {1, Float.NaN, 3, 4}, new Shape(2, 2)));
            EditorException e = assertThrows(EditorException.class, () -> nan.requireFinite("ROME edit 'x'"));
            assertTrue(e.getMessage().contains("layer 3") && e.getMessage().contains("nothing was changed"), e.getMessage());
            EditDelta inf = new EditDelta.LowRank(1, m.create(new float[] {1, 2}, new Shape(2, 1)),
                    m.create(new float[] {Float.NEGATIVE_INFINITY, 0}, new Shape(2, 1)));
            assertThrows(EditorException.class, () -> inf.requireFinite("MEMIT edit 'y'"));
        }
    }
}
