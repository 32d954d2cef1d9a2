package dev.concord.editor.edit;

/** Adam (Kingma and Ba 2015) on flat float arrays, in place: β₁ 0.9, β₂ 0.999, ε 1e-8. */
public final class Adam {
    private final float[] m;
    private final float[] v;
    private final double lr;
    private int t;
    private int skipped;

    public Adam(int size, double learningRate) {
        this.m = new float[size];
        this.v = new float[size];
        this.lr = learningRate;
    }

    /**
     * One step on {@code p} with gradient {@code g}. A gradient with a NaN or infinite entry is
     * skipped (parameters and moments untouched, returns false): one bad step must not poison the
     * parameters and, through them, every later step.
     */
    public boolean step(float[] p, float[] g) {
        for (float x : g) {
            if (!Float.isFinite(x)) {
                skipped++;
                return false;
            }
        }
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < p.length; i++) {
            m[i] = (float) (0.9 * m[i] + 0.1 * g[i]);
            v[i] = (float) (0.999 * v[i] + 0.001 * (double) g[i] * g[i]);
            p[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
        return true;
    }

    /** Steps skipped because their gradient was not finite. */
    public int skipped() {
        return skipped;
    }
}
