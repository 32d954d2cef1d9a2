package dev.concord.editor.edit.memoir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.EditDelta;

import java.util.ArrayList;
import java.util.List;

/**
 * The side memory of one layer: routing masks and residual shifts of the active MEMOIR edits.
 *
 * <p>As an {@link MlpHook}: at every position, the key (the input of the MLP output projection)
 * is scaled per dimension and its k largest magnitudes form a sparse mask (the "fingerprint").
 * The mask is compared with every stored entry's mask; when the best overlap (shared dimensions
 * divided by k) reaches the threshold, that entry's shift is added to the MLP output there.
 * Below the threshold the output is returned untouched, so an input that routes to no entry gives
 * bit-identical results to the unedited model, however many edits the memory holds.
 *
 * <p>Built from the active edits' {@link EditDelta.Memory} entries in log order; rebuilding after
 * a rollback is exact because nothing is subtracted.
 */
public final class ResidualMemory implements MlpHook {
    private final int layer;
    private final List<float[]> keys = new ArrayList<>();
    private final List<float[]> shifts = new ArrayList<>();
    private float[] scale;
    private int topK;
    private double threshold;
    private NDManager manager;
    private NDArray maskArr;    // (dInner, N): the entries' masks as columns
    private NDArray shiftArr;   // (N, d)
    private NDArray scaleArr;   // (dInner)

    public ResidualMemory(int layer) {
        this.layer = layer;
    }

    public int layer() {
        return layer;
    }

    public synchronized int size() {
        return keys.size();
    }

    /**
     * Adds the entries of one delta. All entries of a layer share one scale, mask size and
     * threshold (those of the first entry; MEMOIR takes them from the standing memory).
     */
    public synchronized void add(EditDelta.Memory m) {
        if (m.layer() != layer) {
            throw new EditorException("expected memory entries of layer " + layer + ", found layer " + m.layer());
        }
        float[] k = m.keys().toType(DataType.FLOAT32, false).toFloatArray();
        float[] s = m.shifts().toType(DataType.FLOAT32, false).toFloatArray();
        int n = (int) m.keys().getShape().get(0);
        int di = k.length / n;
        int d = s.length / n;
        if (scale == null) {
            scale = m.scale().toType(DataType.FLOAT32, false).toFloatArray();
            topK = m.topK();
            threshold = m.threshold();
        } else if (di != scale.length || (!shifts.isEmpty() && d != shifts.get(0).length)) {
            throw new EditorException("expected memory keys of " + scale.length + " and shifts of "
                    + shifts.get(0).length + " dimensions at layer " + layer + ", found " + di + " and " + d);
        }
        invalidate();
        for (int i = 0; i < n; i++) {
            keys.add(java.util.Arrays.copyOfRange(k, i * di, (i + 1) * di));
            shifts.add(java.util.Arrays.copyOfRange(s, i * d, (i + 1) * d));
        }
    }

    /** The scale, mask size and threshold in use, or null while the memory is empty. */
    public synchronized Settings settings() {
        return scale == null ? null : new Settings(scale.clone(), topK, threshold);
    }

    /** The routing settings shared by a layer's entries. */
    public record Settings(float[] scale, int topK, double threshold) {
    }

    /**
     * The masks of keys (R, dInner): 1 at the {@code k} dimensions where |key| · scale is largest
     * (ties at the k-th value all count), else 0, as float32 on the keys' manager.
     */
    public static NDArray masks(NDArray keys, NDArray scale, int k) {
        long di = keys.getShape().get(1);
        if (k < 1 || k > di) {
            throw new EditorException("expected a mask size in [1, " + di + "], found " + k);
        }
        NDArray s = keys.toType(DataType.FLOAT32, false).abs().mul(scale.toType(DataType.FLOAT32, false));
        NDArray kth = s.sort(1).get(new NDIndex(":, {}:{}", di - k, di - k + 1));   // (R, 1): the k-th largest
        return s.gte(kth).toType(DataType.FLOAT32, false);
    }

    /** Overlap (R, N) of query masks (R, dInner) with entry masks given as columns (dInner, N), over k. */
    public static NDArray overlap(NDArray queryMasks, NDArray entryMasksT, int k) {
        return queryMasks.matMul(entryMasksT).div(k);
    }

    @Override
    public NDArray apply(int l, NDArray key, NDArray value) {
        if (size() == 0) {
            return value;
        }
        Shape s = value.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long d = s.get(2);
        NDArray[] mem = arrays(key.getManager());
        NDArray q = masks(key.reshape(b * t, -1), mem[2], topK);                        // (BT, dInner)
        NDArray ov = overlap(q, mem[0], topK);                                             // (BT, N)
        NDArray routed = ov.max(new int[] {1}, true).gte((float) threshold)              // (BT, 1)
                .toType(DataType.FLOAT32, false);
        NDArray shift = ov.argMax(1).oneHot(size(), DataType.FLOAT32).matMul(mem[1])     // (BT, d)
                .mul(routed).reshape(b, t, d).toType(value.getDataType(), false);
        return value.add(shift);
    }

    /** Which entry each row of keys (R, dInner) routes to, or -1 (for diagnostics and tests). */
    public synchronized int[] route(NDArray keys) {
        int[] out = new int[(int) keys.getShape().get(0)];
        java.util.Arrays.fill(out, -1);
        if (size() == 0) {
            return out;
        }
        NDArray[] mem = arrays(keys.getManager());
        try (NDManager scope = keys.getManager().newSubManager()) {
            NDArray k = keys.duplicate();
            k.attach(scope);
            NDArray ov = overlap(masks(k, mem[2], topK), mem[0], topK);
            float[] best = ov.max(new int[] {1}).toFloatArray();
            long[] arg = ov.argMax(1).toLongArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = best[i] >= threshold ? (int) arg[i] : -1;
            }
        }
        return out;
    }

    /** {entry masks as columns, shifts, scale}, created once per change on the forward pass's device. */
    private synchronized NDArray[] arrays(NDManager forDevice) {
        if (maskArr == null) {
            manager = forDevice.getEngine().newBaseManager(forDevice.getDevice());
            int n = keys.size();
            scaleArr = manager.create(scale);
            maskArr = masks(manager.create(dev.concord.editor.edit.rome.Rome.rows(keys), new Shape(n, scale.length)),
                    scaleArr, topK).transpose();
            shiftArr = manager.create(dev.concord.editor.edit.rome.Rome.rows(shifts), new Shape(n, shifts.get(0).length));
        }
        return new NDArray[] {maskArr, shiftArr, scaleArr};
    }

    private void invalidate() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
        maskArr = null;
    }

    /** Frees the memory's arrays. */
    public synchronized void close() {
        invalidate();
    }
}
