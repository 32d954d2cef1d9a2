package dev.concord.editor.edit.rome;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.GradientLoop;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.Prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the value shift δ that makes the model say the new target: the "v*" step of ROME
 * (Meng et al. 2022, section 3.1, eq. 4; kmeng01/rome rome/compute_v.py and EasyEdit
 * easyeditor/models/rome/compute_v.py) and the "z" step of MEMIT (compute_z.py).
 *
 * <p>δ (dModel) is added to the MLP output of {@code layer} at the subject's last token of each
 * rewriting text ("{prefix}{prompt}{target without its last token}") and of an essence text
 * ("{subject} is a"). It is optimised with Adam on
 * <pre>
 *   loss = mean over texts of NLL(target tokens)                       (rewrite)
 *        + klFactor · KL(p₀ ‖ p_δ) at the essence text's last token     (keep what the subject is)
 *        + weightDecay · ‖δ‖ / ‖v₀‖²                                     (stay small)
 * </pre>
 * and after each step clamped to ‖δ‖ ≤ clampFactor · ‖v₀‖, where v₀ is the original value at the
 * subject's last token of the bare prompt. Adding δ to the MLP output of layer L is the same as
 * adding it to the residual stream after block L, which is where MEMIT puts it.
 */
public final class ValueOptimizer {

    /** Settings of one optimisation (from the method's hyperparameters). */
    public record Settings(int steps, double learningRate, double klFactor, double weightDecay, double clampFactor,
                           double stopLoss, Prompts.FactToken factToken) {
        public Settings {
            if (factToken == null) {
                throw new EditorException("expected a fact token strategy, found none");
            }
            if (steps < 1 || !(learningRate > 0) || klFactor < 0 || weightDecay < 0 || !(clampFactor > 0)) {
                throw new EditorException("expected steps >= 1, lr > 0, kl >= 0, wd >= 0, clamp > 0; found steps="
                        + steps + " lr=" + learningRate + " kl=" + klFactor + " wd=" + weightDecay + " clamp=" + clampFactor);
            }
        }
    }

    /** The result: δ, the original value v₀ at the bare prompt, and the final rewrite NLL. */
    public record Result(float[] delta, float[] originalValue, double finalNll, int stepsTaken) {
    }

    private ValueOptimizer() {
    }

    /**
     * Optimises δ for one fact at {@code layer}, with {@code hooks} (pending deltas, standing
     * codebooks) active throughout.
     */
    public static Result optimise(LanguageModel model, FactEdit fact, long[] targetIds, List<String> prefixes, int layer,
                                  Map<Integer, MlpHook> hooks, Settings s, Consumer<String> progress) {
        var tok = model.tokenizer();
        List<long[]> rows = new ArrayList<>();
        List<Integer> lookups = new ArrayList<>();
        List<Integer> promptLengths = new ArrayList<>();
        long[] targetHead = Prompts.prefix(targetIds, targetIds.length - 1);
        for (String prefix : prefixes) {
            String text = prefix + fact.prompt();
            long[] ids = tok.encode(text);
            rows.add(Prompts.concat(ids, targetHead));
            lookups.add(s.factToken().index(tok, text, fact.subject(), prefix.length()));
            promptLengths.add(ids.length);
        }
        int rewrite = rows.size();
        String essence = fact.subject() + " is a";
        long[] essenceIds = tok.encode(essence);
        rows.add(essenceIds);
        lookups.add(s.factToken().index(tok, essence, fact.subject(), 0));
        int klRow = rewrite;
        int klPos = essenceIds.length - 1;

        int b = rows.size();
        int t = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        int d = model.info().hiddenSize();
        float[] mask = new float[b * t];
        for (int r = 0; r < b; r++) {
            mask[r * t + lookups.get(r)] = 1f;
        }

        // Only the positions the loss reads need logits: each rewriting text's target tokens and the
        // essence text's last token. The head runs on those rows alone (MlpHook.BEFORE_HEAD).
        int targets = rewrite * targetIds.length;
        long[] picked = new long[targets + 1];
        long[] pickedLabels = new long[targets + 1];
        float[] pickedWeights = new float[targets + 1];
        for (int r = 0, n = 0; r < rewrite; r++) {
            for (int j = 0; j < targetIds.length; j++, n++) {
                picked[n] = (long) r * t + promptLengths.get(r) - 1 + j;
                pickedLabels[n] = targetIds[j];
                pickedWeights[n] = 1f / targetIds.length / rewrite;
            }
        }
        picked[targets] = (long) klRow * t + klPos;

        float[] delta = new float[d];
        float[][] initValue = new float[1][];
        float[][] klInit = new float[1][];
        double[] initNorm = {1};
        GradientLoop.Result run;
        try (NDManager base = Forward.newManager(model)) {
            NDArray maskArr = base.create(mask, new Shape(b, t, 1));
            NDArray ids = Forward.ids(base, rows);
            long[] lengths = rows.stream().mapToLong(r -> r.length).toArray();
            NDArray pickIndex = base.create(picked, new Shape(picked.length, 1)).repeat(1, d);
            NDArray pickedLabelArr = base.create(pickedLabels, new Shape(1, picked.length, 1));
            NDArray pickedWeightArr = base.create(pickedWeights, new Shape(1, picked.length));
            MlpHook pick = (l, key, value) -> value.reshape(b * t, d).gather(pickIndex.toDevice(value.getDevice(), false), 0)
                    .expandDims(0);
            run = GradientLoop.run(base, List.of(delta), List.of(new Shape(d)), s.learningRate(), s.steps(), s.stopLoss(),
                    (scope, ps, step) -> {
                        NDArray deltaArr = ps.get(0);
                        boolean first = step == 0;
                        MlpHook add = (l, key, value) -> {
                            if (first) {
                                initValue[0] = value.get(0, lookups.get(0)).toType(DataType.FLOAT32, false).toFloatArray();
                            }
                            return value.add(deltaArr.mul(maskArr).toType(value.getDataType(), false));
                        };
                        NDArray logp = model.forward(scope, ids, lengths, Forward.merge(hooks, Map.of(layer, add, MlpHook.BEFORE_HEAD, pick)))
                                .toType(DataType.FLOAT32, false).logSoftmax(-1);
                        if (logp.getShape().get(0) != 1 || logp.getShape().get(1) != picked.length) {
                            throw new EditorException("expected logits at the " + picked.length + " selected positions from "
                                    + model.info().architecture() + " (MlpHook.BEFORE_HEAD), found " + logp.getShape());
                        }
                        NDArray nllArr = logp.gather(pickedLabelArr, -1).squeeze(-1).mul(pickedWeightArr).sum().neg();
                        NDArray klCur = logp.get(0, targets);
                        if (first) {
                            klInit[0] = klCur.toFloatArray();
                            double n = norm(initValue[0]);
                            initNorm[0] = n == 0 ? 1 : n;
                        }
                        NDArray klRef = scope.create(klInit[0], new Shape(klInit[0].length));
                        NDArray kl = klRef.exp().mul(klRef.sub(klCur)).sum().mul((float) s.klFactor());
                        NDArray wd = deltaArr.norm().mul((float) (s.weightDecay() / (initNorm[0] * initNorm[0])));
                        return new GradientLoop.Loss(nllArr.add(kl).add(wd), nllArr.getFloat());
                    },
                    ps -> clamp(ps.get(0), s.clampFactor() * initNorm[0]));
        }
        double nllValue = run.watched();
        int step = run.steps();
        if (progress != null) {
            progress.accept(String.format("value at layer %d for '%s' -> '%s': nll %.4f after %d steps%s",
                    layer, fact.prompt(), fact.target(), nllValue, step, run.skippedNote()));
        }
        return new Result(delta, initValue[0], nllValue, step);
    }

    static double norm(float[] p) {
        double sq = 0;
        for (float x : p) {
            sq += (double) x * x;
        }
        return Math.sqrt(sq);
    }

    /** Scales {@code p} down to norm {@code max} when it is longer. */
    static void clamp(float[] p, double max) {
        double sq = 0;
        for (float x : p) {
            sq += (double) x * x;
        }
        double n = Math.sqrt(sq);
        if (n > max) {
            float f = (float) (max / n);
            for (int i = 0; i < p.length; i++) {
                p[i] *= f;
            }
        }
    }
}
