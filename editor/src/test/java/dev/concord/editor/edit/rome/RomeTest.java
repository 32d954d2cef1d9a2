package dev.concord.editor.edit.rome;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.edit.EditDelta;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RomeTest {

    @Test
    void rankOneUpdateMatchesHandComputedThreeByTwoExample() {
        // W (d=2, dInner=3), k* = (1, 2, 0), C = diag(1, 2, 4) so u = C⁻¹k* = (1, 1, 0), uᵀk* = 3,
        // δ = (3, -1): ΔW = δ uᵀ / 3 = [[1, 1, 0], [-1/3, -1/3, 0]] by hand.
        float[] kStar = {1, 2, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray c = m.create(new float[] {1, 0, 0, 0, 2, 0, 0, 0, 4}, new Shape(3, 3));
            float[] u = Rome.solve(c, kStar, 0);
            assertArrayEquals(new float[] {1, 1, 0}, u, 1e-6f);
            float[][] f = Rome.rankOne(new float[] {3, -1}, kStar, u);
            EditDelta.LowRank lr = Rome.lowRank(m, 0, List.of(f[0]), List.of(f[1]));
            assertArrayEquals(new float[] {1, 1, 0, -1f / 3, -1f / 3, 0}, lr.matrix().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void updatedWeightMapsKeyToTargetAndLeavesKeysOrthogonalToUUnchanged() {
        float[] w = {0.5f, -1, 2, 0.25f, 3, -0.5f};   // (2, 3)
        float[] kStar = {1, 2, 0};
        float[] delta = {3, -1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray c = m.create(new float[] {2, 1, 0, 1, 3, 0, 0, 0, 5}, new Shape(3, 3));
            float[] u = Rome.solve(c, kStar, 0);
            // C⁻¹ of the 2x2 block [[2,1],[1,3]] is [[3,-1],[-1,2]]/5, so u = (1/5, 3/5, 0)
            assertArrayEquals(new float[] {0.2f, 0.6f, 0}, u, 1e-6f);
            float[][] f = Rome.rankOne(delta, kStar, u);
            NDArray wArr = m.create(w, new Shape(2, 3));
            NDArray updated = wArr.add(Rome.lowRank(m, 0, List.of(f[0]), List.of(f[1])).matrix());
            NDArray k = m.create(kStar, new Shape(3, 1));
            float[] before = wArr.matMul(k).toFloatArray();
            float[] after = updated.matMul(k).toFloatArray();
            assertArrayEquals(new float[] {before[0] + 3, before[1] - 1}, after, 1e-5f);
            // k with uᵀk = 0.2·3 + 0.6·(-1) + 0·7 = 0
            NDArray orth = m.create(new float[] {3, -1, 7}, new Shape(3, 1));
            assertArrayEquals(wArr.matMul(orth).toFloatArray(), updated.matMul(orth).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void rankOneRefusesADirectionOrthogonalToTheKey() {
        assertThrows(EditorException.class, () -> Rome.rankOne(new float[] {1}, new float[] {1, 0}, new float[] {0, 1}));
    }
}
