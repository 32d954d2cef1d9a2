package dev.concord.editor.edit;

/** Adam (Kingma and Ba 2015) on flat float arrays, in place: β₁ 0.9, β₂ 0.999 unless given, ε 1e-8. */
public final class Adam {
    private final float[] m;
    private final float[] v;
    private final double lr;
    private final double beta2;
    private int t;
    private int skipped;

    public Adam(int size, double learningRate) {
        this(size, learningRate, 0.999);
    }

    public Adam(int size, double learningRate, double beta2) {
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("expected 0 < beta2 < 1 but found " + beta2);
        }
        this.m = new float[size];
        this.v = new float[size];
        this.lr = learningRate;
        this.beta2 = beta2;
    }

    /**
     * One step on {@code p} with gradient {@code g}. A gradient with a NaN or infinite entry is
     * skipped (parameters and moments untouched, returns false): one bad step must not poison the
     * parameters and, through them, every later step.
     */
    public boolean step(float[] p, float[] g) {
        return step(p, g, 1.0, 1.0);
    }

    /**
     * One step with the gradient scaled by {@code gradScale} (a clipping factor) and the learning rate
     * by {@code lrScale} (a schedule); otherwise as {@link #step(float[], float[])}.
     */
    public boolean step(float[] p, float[] g, double gradScale, double lrScale) {
        if (!finite(g)) {
            skipped++;
            return false;
        }
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(beta2, t);
        double rate = lr * lrScale;
        for (int i = 0; i < p.length; i++) {
            double gi = gradScale * g[i];
            m[i] = (float) (0.9 * m[i] + 0.1 * gi);
            v[i] = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
            p[i] -= (float) (rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
        return true;
    }

    /** Whether every entry is finite. */
    static boolean finite(float[] g) {
        for (float x : g) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Steps skipped because their gradient was not finite. */
    public int skipped() {
        return skipped;
    }
}
