package dev.concord.editor.edit;

/** Adam (Kingma and Ba 2015) on flat float arrays, in place: β₁ 0.9, β₂ 0.999, ε 1e-8. */
public final class Adam {
    private final float[] m;
    private final float[] v;
    private final double lr;
    private int t;

    public Adam(int size, double learningRate) {
        this.m = new float[size];
        this.v = new float[size];
        this.lr = learningRate;
    }

    /** One step on {@code p} with gradient {@code g}. */
    public void step(float[] p, float[] g) {
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < p.length; i++) {
            m[i] = (float) (0.9 * m[i] + 0.1 * g[i]);
            v[i] = (float) (0.999 * v[i] + 0.001 * (double) g[i] * g[i]);
            p[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }
}
