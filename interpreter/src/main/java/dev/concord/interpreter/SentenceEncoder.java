package dev.concord.interpreter;


/**
 * Turns a short text into a unit-length vector whose dot product with another text's vector
 * says how alike their meanings are (a sentence encoder).
 */
@FunctionalInterface
public interface SentenceEncoder {

    /** The unit-length embedding of {@code text}. */
    float[] encode(String text);

    /** Cosine similarity of two unit-length vectors. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InterpreterException("expected two embeddings of one size but found " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Scales a vector to unit length (a zero vector stays zero). */
    static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        n = Math.sqrt(n);
        if (n == 0) {
            return v.clone();
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }
}
