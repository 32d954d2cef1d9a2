package dev.concord.editor.edit.ft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.FactEdit;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.GradientLoop;
import dev.concord.editor.edit.EditAlgorithm;
import dev.concord.editor.edit.EditContext;
import dev.concord.editor.edit.EditDelta;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.HyperParams;
import dev.concord.editor.edit.Prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning of the MLP output projection of a few layers (EasyEdit easyeditor/models/ft/ft_main.py).
 *
 * <ul>
 *   <li>FT-L (Zhu et al. 2020, "Modifying Memories in Transformer Models"): the language-model
 *       loss over the whole text "prompt target", with the weight change kept inside an L∞ ball,
 *       |ΔW|ᵢⱼ ≤ {@code norm_constraint}, after every step.</li>
 *   <li>FT-M (EasyEdit's FT-M): cross-entropy on the target tokens only (the prompt is masked),
 *       with no norm constraint unless {@code norm_constraint} is positive.</li>
 * </ul>
 * The trained ΔW is applied through an MLP hook while training (value + key ΔWᵀ equals the output
 * of W + ΔW), so the live weights are untouched until the edit is recorded.
 */
public final class FineTune implements EditAlgorithm {
    private final boolean targetOnly;

    /** @param targetOnly true for FT-M (loss on the target only), false for FT-L */
    public FineTune(boolean targetOnly) {
        this.targetOnly = targetOnly;
    }

    @Override
    public List<EditDelta> compute(EditContext ctx, List<FactEdit> facts) {
        HyperParams hp = ctx.params();
        var model = ctx.model();
        int[] layers = hp.layers("layers", model.info().layers());
        int d = model.info().hiddenSize();
        int di = model.info().intermediateSize();
        double bound = hp.number("norm_constraint");

        List<long[]> rows = new ArrayList<>();
        List<float[]> weightRows = new ArrayList<>();
        for (FactEdit f : facts) {
            long[] prompt = model.tokenizer().encode(f.prompt());
            long[] target = model.targetIds(f.prompt(), f.target());
            long[] full = Prompts.concat(prompt, target);
            float[] w = new float[full.length];
            int from = targetOnly ? prompt.length - 1 : 0;
            for (int pos = from; pos < full.length - 1; pos++) {
                w[pos] = 1f;
            }
            rows.add(full);
            weightRows.add(w);
        }
        int b = rows.size();
        int t = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        long[] labels = new long[b * t];
        float[] weights = new float[b * t];
        double total = weightRows.stream().mapToDouble(w -> {
            double s = 0;
            for (float x : w) {
                s += x;
            }
            return s;
        }).sum();
        for (int r = 0; r < b; r++) {
            long[] row = rows.get(r);
            for (int pos = 0; pos < row.length - 1; pos++) {
                labels[r * t + pos] = row[pos + 1];
                weights[r * t + pos] = (float) (weightRows.get(r)[pos] / total);
            }
        }

        Map<Integer, float[]> deltas = new HashMap<>();
        List<float[]> params = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (int layer : layers) {
            deltas.put(layer, new float[d * di]);
            params.add(deltas.get(layer));
            shapes.add(new Shape(d, di));
        }
        GradientLoop.Result run;
        try (NDManager base = Forward.newManager(model)) {
            NDArray ids = Forward.ids(base, rows);
            long[] lengths = rows.stream().mapToLong(r -> r.length).toArray();
            NDArray labArr = base.create(labels, new Shape(b, t, 1));
            NDArray wArr = base.create(weights, new Shape(b, t));
            run = GradientLoop.run(base, params, shapes, hp.number("lr"), hp.integer("steps"), hp.number("stop_loss"),
                    (scope, ps, step) -> {
                        Map<Integer, MlpHook> hooks = new HashMap<>();
                        for (int i = 0; i < layers.length; i++) {
                            NDArray p = ps.get(i);
                            hooks.put(layers[i], (l, key, value) -> value.add(
                                    key.matMul(p.transpose().toType(key.getDataType(), false))));
                        }
                        NDArray logp = model.forward(scope, ids, lengths, hooks).toType(DataType.FLOAT32, false)
                                .logSoftmax(-1);
                        return GradientLoop.Loss.of(logp.gather(labArr, -1).squeeze(-1).mul(wArr).sum().neg());
                    },
                    bound > 0 ? ps -> {
                        for (float[] p : ps) {
                            for (int i = 0; i < p.length; i++) {
                                p[i] = (float) Math.max(-bound, Math.min(bound, p[i]));
                            }
                        }
                    } : null);
        }
        ctx.progress().accept(String.format("%s layers %s: loss %.4f after %d steps%s", targetOnly ? "FT-M" : "FT-L",
                java.util.Arrays.toString(layers), run.watched(), run.steps(), run.skippedNote()));
        List<EditDelta> out = new ArrayList<>();
        for (int layer : layers) {
            out.add(new EditDelta.Dense(layer, ctx.resultManager().create(deltas.get(layer), new Shape(d, di))));
        }
        return out;
    }
}
