package dev.concord.editor.edit.grace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.MlpHook;

import java.util.ArrayList;
import java.util.List;

/**
 * A GRACE codebook at one layer (Hartvigsen et al. 2023, "Aging with GRACE: Lifelong Model
 * Editing with Discrete Key-Value Adaptors"; reference code thartvigsen/grace and EasyEdit
 * easyeditor/models/grace/GRACE.py): entries (key, value, radius ε, label). As an
 * {@link MlpHook}, at every position whose MLP key lies within ε of an entry's key (Euclidean),
 * the MLP output is replaced by the nearest such entry's value; elsewhere it is left exactly as
 * it was, so the model's weights are never touched.
 *
 * <p>Entries are added with GRACE's rules: a key farther than ε_new + ε from every entry gets a
 * new entry; a key that overlaps the nearest entry with the same label expands that entry's
 * radius to reach it; with a different label both radii shrink to half their distance (split).
 * A key equal to an existing one (a re-edit of the same prompt) overwrites its value and label.
 * The codebook is rebuilt from the active edits in log order, so removing an edit is exact.
 */
public final class GraceCodebook implements MlpHook {
    private final int layer;
    private final List<float[]> keys = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();
    private final List<Double> radii = new ArrayList<>();
    private final List<Long> labels = new ArrayList<>();
    private NDManager manager;
    private NDArray keyArr;    // (dInner, N), keys as columns
    private NDArray keySq;     // (1, N)
    private NDArray valueArr;  // (N, d)
    private NDArray radiusArr; // (1, N)

    public GraceCodebook(int layer) {
        this.layer = layer;
    }

    public int layer() {
        return layer;
    }

    public int size() {
        return keys.size();
    }

    public double radius(int entry) {
        return radii.get(entry);
    }

    /** Adds one entry by GRACE's rules (see the class comment). */
    public synchronized void add(float[] key, float[] value, long label, double epsilon) {
        if (!keys.isEmpty() && (key.length != keys.get(0).length || value.length != values.get(0).length)) {
            throw new EditorException("expected key/value sizes " + keys.get(0).length + "/" + values.get(0).length
                    + ", found " + key.length + "/" + value.length);
        }
        invalidate();
        int nearest = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < keys.size(); i++) {
            double dist = distance(keys.get(i), key);
            if (dist < best) {
                best = dist;
                nearest = i;
            }
        }
        if (nearest < 0 || best > epsilon + radii.get(nearest)) {
            append(key, value, label, epsilon);
        } else if (best <= 1e-6 * (1 + norm(key))) {
            values.set(nearest, value.clone());
            labels.set(nearest, label);
            radii.set(nearest, Math.max(radii.get(nearest), epsilon));
        } else if (labels.get(nearest) == label) {
            radii.set(nearest, Math.max(radii.get(nearest), best));
        } else {
            radii.set(nearest, best / 2);
            append(key, value, label, best / 2);
        }
    }

    private void append(float[] key, float[] value, long label, double epsilon) {
        keys.add(key.clone());
        values.add(value.clone());
        radii.add(epsilon);
        labels.add(label);
    }

    @Override
    public NDArray apply(int l, NDArray key, NDArray value) {
        if (keys.isEmpty()) {
            return value;
        }
        Shape s = value.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long d = s.get(2);
        NDArray[] cb = arrays(key.getManager());
        NDArray k = key.toType(DataType.FLOAT32, false).reshape(b * t, -1);               // (BT, dInner)
        NDArray dist2 = k.pow(2).sum(new int[] {1}, true)                                   // (BT, 1)
                .sub(k.matMul(cb[0]).mul(2))                                                // (BT, N)
                .add(cb[1]);
        NDArray dist = dist2.maximum(0f).sqrt();
        NDArray inside = dist.lte(cb[3]);                                                   // (BT, N)
        NDArray score = dist.add(inside.logicalNot().toType(DataType.FLOAT32, false).mul(1e30f));
        NDArray chosen = score.argMin(1);                                                   // (BT)
        NDArray hit = inside.toType(DataType.FLOAT32, false).max(new int[] {1})            // (BT)
                .reshape(b, t, 1).toType(value.getDataType(), false);
        // one-hot selection keeps every intermediate in the forward pass's manager
        NDArray replaced = chosen.oneHot(keys.size(), DataType.FLOAT32).matMul(cb[2])
                .reshape(b, t, d).toType(value.getDataType(), false);
        return value.add(hit.mul(replaced.sub(value)));
    }

    /** The codebook as arrays {keysᵀ, |keys|², values, radii}, created once per change. */
    private synchronized NDArray[] arrays(NDManager forDevice) {
        if (keyArr == null) {
            manager = forDevice.getEngine().newBaseManager(forDevice.getDevice());
            int n = keys.size();
            int di = keys.get(0).length;
            int d = values.get(0).length;
            float[] k = new float[n * di];
            float[] v = new float[n * d];
            float[] r = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(keys.get(i), 0, k, i * di, di);
                System.arraycopy(values.get(i), 0, v, i * d, d);
                r[i] = radii.get(i).floatValue();
            }
            NDArray rows = manager.create(k, new Shape(n, di));
            keyArr = rows.transpose();
            keySq = rows.pow(2).sum(new int[] {1}).reshape(1, n);
            valueArr = manager.create(v, new Shape(n, d));
            radiusArr = manager.create(r, new Shape(1, n));
        }
        return new NDArray[] {keyArr, keySq, valueArr, radiusArr};
    }

    private void invalidate() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
        keyArr = null;
    }

    /** Frees the codebook's arrays. */
    public synchronized void close() {
        invalidate();
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = (double) a[i] - b[i];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float x : a) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
