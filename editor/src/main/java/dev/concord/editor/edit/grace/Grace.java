package dev.concord.editor.edit.grace;

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
import java.util.List;
import java.util.Map;

/**
 * GRACE editing (Hartvigsen et al. 2023; EasyEdit easyeditor/models/grace): for every token the
 * edit must produce, a codebook entry whose key is the MLP key at layer L at the position that
 * predicts it (the prompt's last token, then prompt + the target's first tokens) and whose value
 * is trained by gradient descent so that, replacing the MLP output there, the model predicts
 * that token. Values start from the current MLP output ("warm" start). Tokens are handled in
 * order, each key read with the entries of the earlier tokens already deflecting their positions.
 * Weights are untouched; the entries join the layer's {@link GraceCodebook}.
 *
 * <p>EasyEdit replaces the layer output of the whole sequence once the key at the prompt's last
 * token matches; here each target token has its own entry and only matching positions are
 * replaced, which gives multi-token targets under greedy decoding without a fixed key position.
 */
public final class Grace implements EditAlgorithm {

    @Override
    public List<EditDelta> compute(EditContext ctx, List<FactEdit> facts) {
        HyperParams hp = ctx.params();
        var model = ctx.model();
        int layer = hp.layers("layers", model.info().layers())[0];
        double epsilon = hp.number("epsilon");
        List<long[]> prompts = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        int longest = 0;
        for (FactEdit f : facts) {
            prompts.add(model.tokenizer().encode(f.prompt()));
            long[] t = model.targetIds(f.prompt(), f.target());
            targets.add(t);
            longest = Math.max(longest, t.length);
        }
        // Token by token: the key of target token j is read with the entries of tokens < j already
        // deflecting the earlier positions, as they will at generation time.
        GraceCodebook own = new GraceCodebook(layer);
        List<float[]> keys = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        try {
            for (int j = 0; j < longest; j++) {
                List<long[]> rows = new ArrayList<>();
                List<Long> rowLabels = new ArrayList<>();
                for (int f = 0; f < facts.size(); f++) {
                    if (targets.get(f).length > j) {
                        rows.add(Prompts.concat(prompts.get(f), Prompts.prefix(targets.get(f), j)));
                        rowLabels.add(targets.get(f)[j]);
                    }
                }
                int[] positions = rows.stream().mapToInt(r -> r.length - 1).toArray();
                Map<Integer, MlpHook> hooks = own.size() == 0 ? Map.of() : Map.of(layer, own);
                float[][][] kv = Forward.capture(model, rows, positions, layer, hooks);
                float[][] trained = train(ctx, rows, positions, rowLabels, layer, kv[1], hp, hooks);
                for (int i = 0; i < rows.size(); i++) {
                    own.add(kv[0][i], trained[i], rowLabels.get(i), epsilon);
                    keys.add(kv[0][i]);
                    values.add(trained[i]);
                    labels.add(rowLabels.get(i));
                }
            }
        } finally {
            own.close();
        }
        int e = keys.size();
        int di = keys.get(0).length;
        int d = values.get(0).length;
        float[] k = new float[e * di];
        float[] v = new float[e * d];
        for (int i = 0; i < e; i++) {
            System.arraycopy(keys.get(i), 0, k, i * di, di);
            System.arraycopy(values.get(i), 0, v, i * d, d);
        }
        NDManager m = ctx.resultManager();
        return List.of(new EditDelta.Codebook(layer, m.create(k, new Shape(e, di)), m.create(v, new Shape(e, d)),
                labels.stream().mapToLong(Long::longValue).toArray(), epsilon));
    }

    /** Trains one value per row so that replacing the MLP output at its position predicts its label. */
    private static float[][] train(EditContext ctx, List<long[]> rows, int[] positions, List<Long> labels, int layer,
                                   float[][] init, HyperParams hp, Map<Integer, MlpHook> hooks) {
        var model = ctx.model();
        int e = rows.size();
        int d = init[0].length;
        int t = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        float[] p = new float[e * d];
        for (int i = 0; i < e; i++) {
            System.arraycopy(init[i], 0, p, i * d, d);
        }
        float[] mask = new float[e * t];
        long[] lab = new long[e * t];
        float[] weight = new float[e * t];
        for (int i = 0; i < e; i++) {
            mask[i * t + positions[i]] = 1f;
            lab[i * t + positions[i]] = labels.get(i);
            weight[i * t + positions[i]] = 1f / e;
        }
        GradientLoop.Result run;
        try (NDManager base = Forward.newManager(model)) {
            NDArray ids = Forward.ids(base, rows);
            long[] lengths = rows.stream().mapToLong(r -> r.length).toArray();
            NDArray maskArr = base.create(mask, new Shape(e, t, 1));
            NDArray labArr = base.create(lab, new Shape(e, t, 1));
            NDArray weightArr = base.create(weight, new Shape(e, t));
            run = GradientLoop.run(base, List.of(p), List.of(new Shape(e, 1, d)), hp.number("lr"), hp.integer("steps"),
                    hp.number("stop_loss"), (scope, ps, step) -> {
                        NDArray param = ps.get(0);
                        MlpHook replace = (l, key, value) -> value.add(
                                param.sub(value).mul(maskArr).toType(value.getDataType(), false));
                        NDArray logp = model.forward(scope, ids, lengths, Forward.merge(hooks, Map.of(layer, replace)))
                                .toType(DataType.FLOAT32, false).logSoftmax(-1);
                        return GradientLoop.Loss.of(logp.gather(labArr, -1).squeeze(-1).mul(weightArr).sum().neg());
                    }, null);
        }
        ctx.progress().accept(String.format("GRACE layer %d: %d entries, loss %.4f after %d steps%s",
                layer, e, run.watched(), run.steps(), run.skippedNote()));
        float[][] out = new float[e][d];
        for (int i = 0; i < e; i++) {
            System.arraycopy(p, i * d, out[i], 0, d);
        }
        return out;
    }
}
