package dev.concord.editor.edit.memit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.FactEdit;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.EditAlgorithm;
import dev.concord.editor.edit.EditContext;
import dev.concord.editor.edit.EditDelta;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.HyperParams;
import dev.concord.editor.edit.Prompts;
import dev.concord.editor.edit.rome.Rome;
import dev.concord.editor.edit.rome.SubjectKeys;
import dev.concord.editor.edit.rome.ValueOptimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MEMIT, mass-editing memory in a transformer (Meng, Sharma, Andonian, Belinkov, Bau 2023;
 * reference code kmeng01/memit memit/memit_main.py, compute_z.py, compute_ks.py and EasyEdit
 * easyeditor/models/memit).
 *
 * <p>For n facts and critical layers l₁ < ... < l_m (the last is L):
 * <ol>
 *   <li>for each fact i, δᵢ at layer L (the residual-stream shift that makes the target likely,
 *       {@link ValueOptimizer}), all computed on the model before this edit;</li>
 *   <li>for each layer lⱼ in turn: K (dInner, n) the facts' averaged subject keys at lⱼ on the
 *       model with the updates of l₁..lⱼ₋₁ already in; R (d, n) the residual still missing at L
 *       divided by the number of layers left (m − j); then
 *       ΔWⱼ = R Kᵀ (λ C + K Kᵀ)⁻¹, with C = E[k kᵀ] over a corpus and λ the covariance weight
 *       ({@code mom2_update_weight}), kept as the factors R and (λC + KKᵀ)⁻¹K.</li>
 * </ol>
 *
 * <p>One difference from the reference, forced by the runtime's interface (MLP hooks, no
 * residual-stream read-out): the residual still missing at L is δᵢ minus the change, at the
 * subject's last token, of the MLP outputs of layers l₁..L caused by the updates so far. The
 * reference measures the residual itself, which also includes the (small) change of the
 * attention outputs.
 */
public class Memit implements EditAlgorithm {

    @Override
    public List<EditDelta> compute(EditContext ctx, List<FactEdit> facts) {
        HyperParams hp = ctx.params();
        var model = ctx.model();
        int[] layers = hp.layers("layers", model.info().layers());
        int last = layers[layers.length - 1];
        int first = layers[0];
        int[] span = new int[last - first + 1];
        for (int i = 0; i < span.length; i++) {
            span[i] = first + i;
        }
        List<String> prefixes = ctx.prefixes().prefixes(hp.integer("context_count"), hp.integer("context_length"));
        ValueOptimizer.Settings settings = Rome.settings(hp);
        boolean both = hp.has("key_fit") && hp.text("key_fit").equals("both") && prefixes.size() > 1;
        int n = facts.size();
        int d = model.info().hiddenSize();

        // 1. target shifts δᵢ at the last layer, and the original MLP outputs along the span
        float[][] deltas = new float[n][];
        float[][][] original = new float[n][][];
        for (int i = 0; i < n; i++) {
            FactEdit f = facts.get(i);
            long[] target = model.targetIds(f.prompt(), f.target());
            deltas[i] = ValueOptimizer.optimise(model, f, target, prefixes, last, Map.of(), settings,
                    ctx.progress()).delta();
            original[i] = valuesAlongSpan(ctx, f, span, Map.of(), settings.factToken());
        }

        // 2. spread the shifts over the layers
        List<EditDelta> pending = new ArrayList<>();
        List<EditDelta> out = new ArrayList<>();
        for (int j = 0; j < layers.length; j++) {
            int layer = layers[j];
            Map<Integer, MlpHook> hooks = EditContext.pendingHooks(pending);
            List<float[]> keys = new ArrayList<>();
            List<float[]> resid = new ArrayList<>();
            double[] shares = new double[n];
            List<float[]> bareKeys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                FactEdit f = facts.get(i);
                keys.add(SubjectKeys.average(model, f, both ? prefixes.subList(1, prefixes.size()) : prefixes,
                        new int[] {layer}, hooks, settings.factToken()).get(layer));
                if (both) {
                    var tok = model.tokenizer();
                    bareKeys.add(Forward.keysAt(model, List.of(tok.encode(f.prompt())),
                            new int[] {settings.factToken().index(tok, f.prompt(), f.subject(), 0)}, layer, hooks)[0]);
                }
                float[][] now = valuesAlongSpan(ctx, f, span, hooks, settings.factToken());
                float[] r = new float[d];
                double dot = 0;
                double dd = 0;
                for (int x = 0; x < d; x++) {
                    double achieved = 0;
                    for (int s = 0; s < span.length; s++) {
                        achieved += now[s][x] - original[i][s][x];
                    }
                    dot += achieved * deltas[i][x];
                    dd += (double) deltas[i][x] * deltas[i][x];
                    r[x] = (float) ((deltas[i][x] - achieved) / (layers.length - j));
                }
                shares[i] = dd == 0 ? 0 : dot / dd;
                resid.add(r);
            }
            if (both) { // each fact's residual is written at its bare-prompt key too (see ROME's key_fit)
                keys.addAll(bareKeys);
                resid.addAll(List.copyOf(resid));
            }
            EditDelta.LowRank update = update(ctx, layer, keys, resid);
            pending.add(update);
            out.add(update);
            ctx.progress().accept(String.format("%s layer %d: %d facts, share of the target shift reached before"
                    + " this layer %.3f, mean residual norm %.4f", name(), layer, n,
                    java.util.Arrays.stream(shares).average().orElse(0),
                    resid.stream().mapToDouble(Memit::norm).average().orElse(0)));
        }
        return out;
    }

    /** The method's name in progress lines. */
    protected String name() {
        return "MEMIT";
    }

    /**
     * The update at one layer from the facts' keys K (columns) and the residuals R still to write:
     * MEMIT's ΔW = R Kᵀ (λC + KKᵀ)⁻¹.
     */
    protected EditDelta.LowRank update(EditContext ctx, int layer, List<float[]> keys, List<float[]> resid) {
        List<float[]> adjusted = adjustKeys(ctx, layer, keys, ctx.params().number("mom2_update_weight"));
        return Rome.lowRank(ctx.resultManager(), layer, resid, adjusted);
    }

    /** MLP outputs at the subject's last token of the bare prompt, for each layer of the span. */
    private static float[][] valuesAlongSpan(EditContext ctx, FactEdit f, int[] span, Map<Integer, MlpHook> hooks,
                                             Prompts.FactToken factToken) {
        var tok = ctx.model().tokenizer();
        long[] ids = tok.encode(f.prompt());
        int pos = factToken.index(tok, f.prompt(), f.subject(), 0);
        Map<Integer, float[][][]> got = Forward.captureLayers(ctx.model(), List.of(ids), new int[] {pos}, span, hooks);
        float[][] out = new float[span.length][];
        for (int s = 0; s < span.length; s++) {
            out[s] = got.get(span[s])[1][0];
        }
        return out;
    }

    /** Columns of (λ C + K Kᵀ)⁻¹ K, in float64, for K the given keys as columns. */
    static List<float[]> adjustKeys(EditContext ctx, int layer, List<float[]> keys, double lambda) {
        int n = keys.size();
        int di = keys.get(0).length;
        NDArray c = ctx.stats().secondMoment(layer);
        try (NDManager scope = c.getManager().newSubManager()) {
            NDArray k = AlphaEdit.columns(scope, keys, di);
            NDArray c64 = c.toType(DataType.FLOAT64, true);
            c64.attach(scope);
            NDArray a = c64.mul(lambda).add(k.matMul(k.transpose()));
            return Rome.columnsOf(a.inverse().matMul(k).toType(DataType.FLOAT32, false).toFloatArray(), di, n);
        }
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
