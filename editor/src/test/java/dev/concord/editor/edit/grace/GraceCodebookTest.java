package dev.concord.editor.edit.grace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GraceCodebookTest {

    /** Runs the codebook on keys (1, T, 2) with values (1, T, 2) all equal to (9, 9). */
    private static float[] run(GraceCodebook book, float[] keys) {
        try (NDManager m = NDManager.newBaseManager()) {
            int t = keys.length / 2;
            float[] v = new float[keys.length];
            java.util.Arrays.fill(v, 9f);
            NDArray out = book.apply(0, m.create(keys, new Shape(1, t, 2)), m.create(v, new Shape(1, t, 2)));
            return out.toFloatArray();
        }
    }

    @Test
    void replacesOnlyPositionsWithinTheRadius() {
        GraceCodebook book = new GraceCodebook(0);
        book.add(new float[] {0, 0}, new float[] {1, 2}, 5, 1.0);
        // distances 0.5 (inside), 0.99 (inside), 1.5 (outside), 3 (outside)
        float[] out = run(book, new float[] {0.3f, 0.4f, 0.99f, 0, 0, 1.5f, 3, 0});
        assertArrayEquals(new float[] {1, 2, 1, 2, 9, 9, 9, 9}, out, 1e-5f);
        book.close();
    }

    @Test
    void overlappingKeyWithAnotherLabelSplitsBothRadii() {
        GraceCodebook book = new GraceCodebook(0);
        book.add(new float[] {0, 0}, new float[] {1, 1}, 5, 1.0);
        book.add(new float[] {1, 0}, new float[] {2, 2}, 6, 1.0);
        assertEquals(2, book.size());
        assertEquals(0.5, book.radius(0), 1e-9);
        assertEquals(0.5, book.radius(1), 1e-9);
        // (0.4, 0): 0.4 from the first key (inside); (0.55, 0): 0.45 from the second (inside);
        // (0.5, 0.6): 0.78 from both (outside either radius)
        float[] out = run(book, new float[] {0.4f, 0, 0.55f, 0, 0.5f, 0.6f});
        assertArrayEquals(new float[] {1, 1, 2, 2, 9, 9}, out, 1e-5f);
        book.close();
    }

    @Test
    void overlappingKeyWithTheSameLabelExpandsTheRadius() {
        GraceCodebook book = new GraceCodebook(0);
        book.add(new float[] {0, 0}, new float[] {1, 1}, 5, 1.0);
        book.add(new float[] {1.5f, 0}, new float[] {3, 3}, 5, 1.0);
        assertEquals(1, book.size());
        assertEquals(1.5, book.radius(0), 1e-6);
        assertArrayEquals(new float[] {1, 1}, run(book, new float[] {1.4f, 0}), 1e-5f);
        book.close();
    }

    @Test
    void sameKeyAgainOverwritesTheValue() {
        GraceCodebook book = new GraceCodebook(0);
        book.add(new float[] {0, 1}, new float[] {1, 1}, 5, 1.0);
        book.add(new float[] {0, 1}, new float[] {4, 4}, 7, 1.0);
        assertEquals(1, book.size());
        assertArrayEquals(new float[] {4, 4}, run(book, new float[] {0, 1}), 1e-5f);
        book.close();
    }

    @Test
    void emptyCodebookLeavesTheValueUntouched() {
        assertArrayEquals(new float[] {9, 9}, run(new GraceCodebook(0), new float[] {0, 0}), 0f);
    }
}
