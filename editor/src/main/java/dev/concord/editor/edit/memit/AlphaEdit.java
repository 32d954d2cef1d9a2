package dev.concord.editor.edit.memit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.edit.EditContext;
import dev.concord.editor.edit.EditDelta;
import dev.concord.editor.edit.rome.Rome;

import java.util.ArrayList;
import java.util.List;

/**
 * AlphaEdit, null-space constrained knowledge editing (Fang et al. 2025, arXiv 2410.02355; reference
 * code jianghoucheng/AlphaEdit AlphaEdit_main.py). MEMIT's target values and layer spread, with the
 * update at each layer projected onto the null space of the preserved knowledge:
 * <pre>
 *   ΔW = R K₁ᵀ P (K_p K_pᵀ P + K₁ K₁ᵀ P + λ I)⁻¹
 * </pre>
 * with P the projector onto the small-eigenvalue eigenvectors of C = E[k kᵀ] over the statistics
 * corpus ({@link dev.concord.editor.edit.stats.LayerStats#nullSpaceProjector}), K₁ the new facts'
 * keys, K_p the keys of the AlphaEdit edits already active (so that a sequence of edits does not
 * overwrite earlier ones), and λ = {@code L2} times the mean projected key energy ‖P k‖² of the new keys.
 * The relative λ matters: for one key, ΔW k = R · kᵀPk / (λ + kᵀPk), so an absolute λ (the reference's
 * L2 = 10 suits its 7-8B models' keys) leaves almost nothing of the update on a model whose projected
 * keys are small (SmolLM2: the residual grew from 27 to 135 across layers 4-8 and the answers did
 * not change). Because ΔW = R (A⁻¹ P K₁)ᵀ with A = P(K₁K₁ᵀ + K_pK_pᵀ) + λI,
 * the update is stored as the rank-n factors R and A⁻¹PK₁, plus K₁ itself, which later edits read as
 * part of K_p; rolling an edit back drops its keys with it.
 */
public final class AlphaEdit extends Memit {

    @Override
    protected String name() {
        return "AlphaEdit";
    }

    @Override
    protected EditDelta.LowRank update(EditContext ctx, int layer, List<float[]> keys, List<float[]> resid) {
        int n = keys.size();
        int di = keys.get(0).length;
        NDArray projector = ctx.stats().nullSpaceProjector(layer, ctx.params().number("nullspace_threshold"));
        double relative = ctx.params().number("L2");
        List<float[]> right = new ArrayList<>();
        try (NDManager scope = projector.getManager().newSubManager()) {
            NDArray k = columns(scope, keys, di);                                    // (dInner, n)
            NDArray kk = k.matMul(k.transpose());
            for (EditDelta d : ctx.standing()) {
                if (d instanceof EditDelta.LowRank lr && lr.keys() != null && lr.layer() == layer) {
                    NDArray kp = lr.keys().toType(DataType.FLOAT64, false);
                    kp.attach(scope);
                    kk = kk.add(kp.matMul(kp.transpose()));
                }
            }
            NDArray p = projector.toType(DataType.FLOAT64, false);
            p.attach(scope);
            NDArray pk = p.matMul(k);
            double energy = pk.mul(k).sum().getDouble() / n; // mean kᵀPk
            double lambda = relative * Math.max(energy, 1e-12);
            NDArray a = p.matMul(kk).add(scope.eye(di).toType(DataType.FLOAT64, false).mul(lambda));
            ctx.progress().accept(String.format(java.util.Locale.ROOT,
                    "AlphaEdit layer %d: mean projected key energy %.4g, lambda %.4g", layer, energy, lambda));
            float[] x = a.inverse().matMul(pk).toType(DataType.FLOAT32, false).toFloatArray();
            right.addAll(Rome.columnsOf(x, di, n));
        }
        EditDelta.LowRank factors = Rome.lowRank(ctx.resultManager(), layer, resid, right);
        return new EditDelta.LowRank(layer, factors.left(), factors.right(),
                ctx.resultManager().create(Rome.columns(keys), new Shape(di, n)));
    }

    /** Vectors as the float64 columns of a (rows, n) matrix on {@code scope}. */
    static NDArray columns(NDManager scope, List<float[]> cols, int rows) {
        float[] packed = Rome.columns(cols);
        double[] out = new double[packed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = packed[i];
        }
        return scope.create(out, new Shape(rows, cols.size()));
    }
}
