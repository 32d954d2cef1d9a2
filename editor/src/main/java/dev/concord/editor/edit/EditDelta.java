package dev.concord.editor.edit;

import ai.djl.ndarray.NDArray;
import dev.concord.editor.EditorException;

/**
 * What one edit changed, in a form that can be stored, replayed and removed exactly.
 * Weight deltas apply to a layer's MLP output projection (Linear layout (d, dInner)).
 */
public sealed interface EditDelta permits EditDelta.LowRank, EditDelta.Dense, EditDelta.Codebook, EditDelta.Memory {

    int layer();

    /** The tensors of this delta (checked for finiteness before an edit is recorded). */
    java.util.List<NDArray> tensors();

    /** Fails with a clear message when any tensor holds a NaN or infinity. */
    default void requireFinite(String what) {
        for (NDArray a : tensors()) {
            // checked where the tensor lives, without copying it to the host
            boolean bad = a.isNaN().any().getBoolean() || a.isInfinite().any().getBoolean();
            if (bad) {
                throw new EditorException(what + ": expected finite weights but the computed delta at layer "
                        + layer() + " holds NaN or infinity; nothing was changed (retry the edit, or lower the learning rate)");
            }
        }
    }

    /**
     * ΔW = left · rightᵀ with left (d, r) and right (dInner, r): ROME's rank-one update (r = 1 per
     * fact), MEMIT's and AlphaEdit's per-layer update (r = number of facts). {@code keys} (dInner, r),
     * or null: the edited keys themselves, kept by AlphaEdit so that later edits also preserve them
     * (its K_p), and dropped with the edit on rollback.
     */
    record LowRank(int layer, NDArray left, NDArray right, NDArray keys) implements EditDelta {
        public LowRank {
            if (left.getShape().dimension() != 2 || right.getShape().dimension() != 2
                    || left.getShape().get(1) != right.getShape().get(1)) {
                throw new EditorException("expected left (d, r) and right (dInner, r), found "
                        + left.getShape() + " and " + right.getShape());
            }
            if (keys != null && !keys.getShape().equals(right.getShape())) {
                throw new EditorException("expected keys shaped like right " + right.getShape() + ", found "
                        + keys.getShape());
            }
        }

        public LowRank(int layer, NDArray left, NDArray right) {
            this(layer, left, right, null);
        }

        @Override
        public java.util.List<NDArray> tensors() {
            return keys == null ? java.util.List.of(left, right) : java.util.List.of(left, right, keys);
        }

        /** The dense (d, dInner) matrix. */
        public NDArray matrix() {
            return left.matMul(right.transpose());
        }
    }

    /** A full (d, dInner) delta (FT-L, FT-M). */
    record Dense(int layer, NDArray delta) implements EditDelta {
        public Dense {
            if (delta.getShape().dimension() != 2) {
                throw new EditorException("expected a (d, dInner) delta, found " + delta.getShape());
            }
        }

        @Override
        public java.util.List<NDArray> tensors() {
            return java.util.List.of(delta);
        }
    }

    /**
     * GRACE codebook entries at a layer: keys (n, dInner), values (n, d), the label (target token)
     * each value was trained for, and the initial deflection radius. Radii after merging with
     * other entries are recomputed when the codebook is rebuilt.
     */
    record Codebook(int layer, NDArray keys, NDArray values, long[] labels, double epsilon) implements EditDelta {
        public Codebook {
            if (keys.getShape().get(0) != values.getShape().get(0) || keys.getShape().get(0) != labels.length) {
                throw new EditorException("expected as many keys, values and labels, found "
                        + keys.getShape() + ", " + values.getShape() + " and " + labels.length);
            }
            if (!(epsilon > 0)) {
                throw new EditorException("GRACE radius must be positive, found " + epsilon);
            }
        }

        @Override
        public java.util.List<NDArray> tensors() {
            return java.util.List.of(keys, values);
        }
    }

    /**
     * Residual-memory entries at a layer (MEMOIR-style, {@code edit.memoir}): routing keys (n, dInner),
     * the residual shift (n, d) each key's position receives when routed to it, the per-dimension
     * scale (dInner) applied to a key before its top-k mask is taken, the mask size {@code topK} and
     * the overlap {@code threshold} (share of the k dimensions two masks share) that routes.
     */
    record Memory(int layer, NDArray keys, NDArray shifts, NDArray scale, int topK, double threshold)
            implements EditDelta {
        public Memory {
            if (keys.getShape().dimension() != 2 || shifts.getShape().dimension() != 2
                    || keys.getShape().get(0) != shifts.getShape().get(0)) {
                throw new EditorException("expected keys (n, dInner) and shifts (n, d) with one n, found "
                        + keys.getShape() + " and " + shifts.getShape());
            }
            if (scale.getShape().dimension() != 1 || scale.getShape().get(0) != keys.getShape().get(1)) {
                throw new EditorException("expected a scale of " + keys.getShape().get(1) + " dimensions, found "
                        + scale.getShape());
            }
            if (topK < 1 || topK > keys.getShape().get(1)) {
                throw new EditorException("expected a mask size in [1, " + keys.getShape().get(1) + "], found " + topK);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new EditorException("expected a routing threshold in (0, 1], found " + threshold);
            }
        }

        @Override
        public java.util.List<NDArray> tensors() {
            return java.util.List.of(keys, shifts, scale);
        }
    }
}
