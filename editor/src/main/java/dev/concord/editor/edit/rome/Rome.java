package dev.concord.editor.edit.rome;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.EditAlgorithm;
import dev.concord.editor.edit.EditContext;
import dev.concord.editor.edit.EditDelta;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.HyperParams;
import dev.concord.editor.edit.Prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ROME, rank-one model editing (Meng, Bau, Andonian, Belinkov 2022, "Locating and Editing Factual
 * Associations in GPT"; reference code kmeng01/rome rome/rome_main.py, compute_u.py, compute_v.py,
 * and EasyEdit easyeditor/models/rome).
 *
 * <p>For one fact at layer L, with W the MLP output projection (d, dInner):
 * <ol>
 *   <li>k* (dInner): the key at the subject's last token, averaged over context prefixes
 *       (compute_u.py); k the key at the subject's last token of the bare prompt;</li>
 *   <li>δ (d): the value shift that makes the target likely ({@link ValueOptimizer});
 *       the wanted value is v* = W k + δ;</li>
 *   <li>u = C⁻¹ k* with C = E[k kᵀ] over a corpus (or u = k* without the covariance adjustment);</li>
 *   <li>ΔW = (v* − W k) uᵀ / (uᵀ k) = δ uᵀ / (uᵀ k), a rank-one update (compute_v.py's
 *       right vector over cur_input), so W' k = v* exactly and W' x = W x for every key x with
 *       uᵀ x = 0.</li>
 * </ol>
 * Several facts in one edit are written one after another, each seeing the earlier ones
 * (EasyEdit's behaviour for a list of requests); the edit's delta is their sum, kept as a
 * rank-n factorisation.
 */
public final class Rome implements EditAlgorithm {

    @Override
    public List<EditDelta> compute(EditContext ctx, List<FactEdit> facts) {
        HyperParams hp = ctx.params();
        var model = ctx.model();
        int layer = hp.layers("layers", model.info().layers())[0];
        List<String> prefixes = ctx.prefixes().prefixes(hp.integer("context_count"), hp.integer("context_length"));
        ValueOptimizer.Settings settings = settings(hp);
        boolean adjust = hp.flag("mom2_adjustment");
        List<float[]> lefts = new ArrayList<>();
        List<float[]> rights = new ArrayList<>();
        List<EditDelta> pending = new ArrayList<>();
        for (FactEdit fact : facts) {
            Map<Integer, MlpHook> hooks = EditContext.pendingHooks(pending);
            long t0 = System.nanoTime();
            boolean both = hp.has("key_fit") && hp.text("key_fit").equals("both") && prefixes.size() > 1;
            // k*: averaged over the prefixed texts (the bare prompt is the first, empty prefix)
            float[] kStar = SubjectKeys.average(model, fact, both ? prefixes.subList(1, prefixes.size()) : prefixes,
                    new int[] {layer}, hooks, settings.factToken()).get(layer);
            long[] target = model.targetIds(fact.prompt(), fact.target());
            long t1 = System.nanoTime();
            ValueOptimizer.Result v = ValueOptimizer.optimise(model, fact, target, prefixes, layer, hooks, settings,
                    ctx.progress());
            long t2 = System.nanoTime();
            NDArray inverse = adjust ? ctx.stats().ridgeInverse(layer, hp.number("mom2_ridge")) : null;
            float[] u = adjust ? times(inverse, kStar) : kStar;
            // fit at the bare prompt's key (compute_v.py's cur_input), direction from the averaged key
            var tok = model.tokenizer();
            float[] kBare = Forward.keysAt(model, List.of(tok.encode(fact.prompt())),
                    new int[] {settings.factToken().index(tok, fact.prompt(), fact.subject(), 0)}, layer, hooks)[0];
            float[][] factors = both ? rankOneForBoth(v.delta(), kBare, kStar, adjust ? times(inverse, kBare) : kBare, u)
                    : rankOne(v.delta(), kBare, u);
            long t3 = System.nanoTime();
            if (ctx.progress() != null) {
                ctx.progress().accept(String.format("ROME timings: key %.2f s, value %.2f s (%d steps), update %.2f s",
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, v.stepsTaken(), (t3 - t2) / 1e9));
            }
            lefts.add(factors[0]);
            rights.add(factors[1]);
            pending.add(lowRank(ctx.resultManager(), layer, List.of(factors[0]), List.of(factors[1])));
        }
        for (EditDelta p : pending) {
            close(p);
        }
        return List.of(lowRank(ctx.resultManager(), layer, lefts, rights));
    }

    /** ROME's settings from hyperparameters. */
    public static ValueOptimizer.Settings settings(HyperParams hp) {
        return new ValueOptimizer.Settings(hp.integer("v_steps"), hp.number("v_lr"), hp.number("kl_factor"),
                hp.number("v_weight_decay"), hp.number("clamp_norm_factor"), hp.number("v_stop_loss"),
                Prompts.FactToken.parse(hp.text("fact_token")));
    }

    /**
     * The rank-one factors of ΔW = δ uᵀ / (uᵀ k): left = δ / (uᵀ k) (d), right = u (dInner), so that
     * (W + ΔW) k = W k + δ. Fails when u is (nearly) orthogonal to k, where no update along u reaches k.
     */
    public static float[][] rankOne(float[] delta, float[] kStar, float[] u) {
        if (kStar.length != u.length) {
            throw new EditorException("expected k* and u of one length, found " + kStar.length + " and " + u.length);
        }
        double dot = 0;
        double nk = 0;
        double nu = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * kStar[i];
            nk += (double) kStar[i] * kStar[i];
            nu += (double) u[i] * u[i];
        }
        if (Math.abs(dot) <= 1e-12 * Math.sqrt(nk * nu) || dot == 0) {
            throw new EditorException("expected uᵀk* != 0 for a rank-one update, found " + dot);
        }
        float[] left = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            left[i] = (float) (delta[i] / dot);
        }
        return new float[][] {left, u.clone()};
    }

    /** (C + ridge · mean(diag C) · I)⁻¹ k in float64. */
    public static float[] solve(NDArray c, float[] k, double ridge) {
        if (c.getShape().get(0) != k.length) {
            throw new EditorException("expected a (" + k.length + ", " + k.length + ") covariance, found " + c.getShape());
        }
        try (NDArray inv = dev.concord.editor.edit.stats.LayerStats.regularisedInverse(c, ridge)) {
            return times(inv, k);
        }
    }

    /**
     * One rank-one update that writes δ at two keys: the bare prompt's (subject first, where a model
     * without a start token keeps its attention-sink activations) and the prefixed texts' average
     * (the subject inside a sentence, as in paraphrases and chat questions). With u₁ = C⁻¹k₁ and
     * u₂ = C⁻¹k₂, w = a₁u₁ + a₂u₂ solves wᵀk₁ = wᵀk₂ = 1, the minimum-C-norm direction meeting both;
     * ΔW = δ wᵀ. Nearly parallel keys fall back to the bare key alone.
     */
    public static float[][] rankOneForBoth(float[] delta, float[] k1, float[] k2, float[] u1, float[] u2) {
        double m11 = dot(k1, u1);
        double m12 = (dot(k1, u2) + dot(k2, u1)) / 2;
        double m22 = dot(k2, u2);
        double det = m11 * m22 - m12 * m12;
        if (!(Math.abs(det) > 1e-9 * Math.abs(m11 * m22)) || !Double.isFinite(det)) {
            return rankOne(delta, k1, u1);
        }
        double a1 = (m22 - m12) / det;
        double a2 = (m11 - m12) / det;
        float[] w = new float[u1.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (a1 * u1[i] + a2 * u2[i]);
        }
        return new float[][] {delta.clone(), w};
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** M k in float64 for a float64 (n, n) matrix M, as float32. */
    static float[] times(NDArray m, float[] k) {
        int n = k.length;
        if (m.getShape().get(0) != n) {
            throw new EditorException("expected a (" + n + ", " + n + ") matrix, found " + m.getShape());
        }
        try (NDManager scope = m.getManager().newSubManager()) {
            double[] kd = new double[n];
            for (int i = 0; i < n; i++) {
                kd[i] = k[i];
            }
            return m.matMul(scope.create(kd, new Shape(n, 1))).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** A LowRank delta with the given columns, on {@code manager}. */
    public static EditDelta.LowRank lowRank(NDManager manager, int layer, List<float[]> lefts, List<float[]> rights) {
        int r = lefts.size();
        return new EditDelta.LowRank(layer, manager.create(columns(lefts), new Shape(lefts.get(0).length, r)),
                manager.create(columns(rights), new Shape(rights.get(0).length, r)));
    }

    /** Vectors of one length as the columns of a row-major (length, count) matrix. */
    public static float[] columns(List<float[]> cols) {
        int n = cols.size();
        int rows = cols.get(0).length;
        float[] out = new float[rows * n];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < rows; i++) {
                out[i * n + c] = cols.get(c)[i];
            }
        }
        return out;
    }

    /** Vectors of one length as the rows of a row-major (count, length) matrix. */
    public static float[] rows(List<float[]> rows) {
        int len = rows.get(0).length;
        float[] out = new float[rows.size() * len];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, out, r * len, len);
        }
        return out;
    }

    /** The columns of a row-major (rows, n) matrix. */
    public static List<float[]> columnsOf(float[] m, int rows, int n) {
        List<float[]> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            float[] v = new float[rows];
            for (int i = 0; i < rows; i++) {
                v[i] = m[i * n + c];
            }
            out.add(v);
        }
        return out;
    }

    static void close(EditDelta d) {
        if (d instanceof EditDelta.LowRank lr) {
            lr.tensors().forEach(NDArray::close);
        }
    }
}
