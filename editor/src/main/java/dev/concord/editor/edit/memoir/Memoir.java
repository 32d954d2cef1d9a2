package dev.concord.editor.edit.memoir;

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
import dev.concord.editor.edit.rome.Rome;
import dev.concord.editor.edit.rome.SubjectKeys;
import dev.concord.editor.edit.rome.ValueOptimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lifelong editing with a routed side memory, after MEMOIR (Wang et al. 2025, "MEMOIR: Lifelong
 * Model Editing with Minimal Overwrite and Informed Retention", arXiv 2506.07899): the weights
 * never change; a memory beside one layer's MLP answers only for inputs whose sparse activation
 * mask matches an edit's, so unrelated inputs keep the unedited model's outputs exactly.
 *
 * <p>For each fact:
 * <ol>
 *   <li>keys: the MLP key at the subject's last token of the bare prompt and of each context-prefixed
 *       copy (ROME's context prefixes, which the model samples), one routing entry each;</li>
 *   <li>the shift: ROME's value optimisation ({@link ValueOptimizer}: NLL of the target, KL at
 *       "{subject} is a", weight decay and norm clamp) gives δ, the change of the MLP output at the
 *       subject's last token that makes the target likely;</li>
 *   <li>every entry stores δ; at inference ({@link ResidualMemory}) a position whose key's mask
 *       overlaps an entry's mask by at least the threshold receives that entry's δ.</li>
 * </ol>
 * Differences from the paper, and why: MEMOIR keeps one shared residual matrix whose columns are
 * selected by a permuted top-k mask of the whole prompt's mean activation, and trains the selected
 * columns. Here each edit keeps its own shift and the mask is taken per token at the subject (where
 * ROME and the causal traces locate factual recall), which is what lets the edit follow the subject
 * into other phrasings; the key is scaled by 1/sqrt(E[k_i²]) from the layer's second-moment
 * statistics before the top-k, so the few dimensions that are large for every token do not make
 * every mask alike (the paper's permutation spreads columns; it does not change overlaps).
 */
public final class Memoir implements EditAlgorithm {

    @Override
    public List<EditDelta> compute(EditContext ctx, List<FactEdit> facts) {
        HyperParams hp = ctx.params();
        var model = ctx.model();
        int layer = hp.layers("layers", model.info().layers())[0];
        List<String> prefixes = ctx.prefixes().prefixes(hp.integer("context_count"), hp.integer("context_length"));
        ValueOptimizer.Settings settings = Rome.settings(hp);
        ResidualMemory.Settings standing = standingSettings(ctx, layer);
        NDManager m = ctx.resultManager();
        float[] scale;
        int topK;
        double threshold;
        if (standing != null) {
            // one routing space per layer: later edits use the settings the memory was built with
            scale = standing.scale();
            topK = standing.topK();
            threshold = standing.threshold();
        } else {
            scale = inverseRms(ctx, layer);
            topK = (int) Math.max(1, Math.round(hp.number("top_k_fraction") * scale.length));
            threshold = hp.number("threshold");
        }
        List<float[]> keys = new ArrayList<>();
        List<float[]> shifts = new ArrayList<>();
        ResidualMemory pending = new ResidualMemory(layer);
        try {
            for (FactEdit fact : facts) {
                Map<Integer, MlpHook> hooks = pending.size() == 0 ? Map.of() : Map.of(layer, pending);
                SubjectKeys.Rows rows = SubjectKeys.rows(model, fact, prefixes, settings.factToken());
                float[][] factKeys = Forward.keysAt(model, rows.rows(), rows.positions(), layer, hooks);
                long[] target = model.targetIds(fact.prompt(), fact.target());
                ValueOptimizer.Result v = ValueOptimizer.optimise(model, fact, target, prefixes, layer, hooks, settings,
                        ctx.progress());
                float[] delta = v.delta();
                List<float[]> factShifts = java.util.Collections.nCopies(factKeys.length, delta);
                keys.addAll(List.of(factKeys));
                shifts.addAll(factShifts);
                float[] k = Rome.rows(List.of(factKeys));
                float[] s = Rome.rows(factShifts);
                int di = scale.length;
                try (NDManager scope = m.newSubManager()) {
                    EditDelta.Memory entry = new EditDelta.Memory(layer, scope.create(k, new Shape(factKeys.length, di)),
                            scope.create(s, new Shape(factKeys.length, delta.length)), scope.create(scale), topK, threshold);
                    report(ctx, fact, entry, scope);
                    pending.add(entry);
                }
            }
        } finally {
            pending.close();
        }
        int n = keys.size();
        return List.of(new EditDelta.Memory(layer, m.create(Rome.rows(keys), new Shape(n, scale.length)),
                m.create(Rome.rows(shifts), new Shape(n, shifts.get(0).length)), m.create(scale), topK, threshold));
    }

    /** The routing settings of the memory already standing at {@code layer}, or null. */
    private static ResidualMemory.Settings standingSettings(EditContext ctx, int layer) {
        for (EditDelta d : ctx.standing()) {
            if (d instanceof EditDelta.Memory mem && mem.layer() == layer) {
                return new ResidualMemory.Settings(mem.scale().toType(DataType.FLOAT32, false).toFloatArray(),
                        mem.topK(), mem.threshold());
            }
        }
        return null;
    }

    /** 1 / sqrt(E[k_i²]) per key dimension, from the layer's second-moment statistics. */
    static float[] inverseRms(EditContext ctx, int layer) {
        if (ctx.stats() == null) {
            throw new EditorException("MEMOIR needs the layer's key statistics to scale its masks, found none");
        }
        float[] diag = ctx.stats().secondMoment(layer).diagonal().toType(DataType.FLOAT32, false).toFloatArray();
        double mean = 0;
        for (float x : diag) {
            mean += x / diag.length;
        }
        float[] out = new float[diag.length];
        for (int i = 0; i < diag.length; i++) {
            // a floor of 1e-6 of the mean keeps dimensions the corpus never used from dominating every mask
            out[i] = (float) (1 / Math.sqrt(Math.max(diag[i], 1e-6 * mean)));
        }
        return out;
    }

    /**
     * Progress: how alike the fact's own masks are (the bare prompt against the prefixed copies) and
     * the largest overlap with the entries already standing at the layer, against the threshold.
     */
    private static void report(EditContext ctx, FactEdit fact, EditDelta.Memory entry, NDManager scope) {
        if (ctx.progress() == null) {
            return;
        }
        NDArray masks = ResidualMemory.masks(entry.keys(), entry.scale(), entry.topK());
        float[] own = ResidualMemory.overlap(masks.get(0).reshape(1, -1), masks.transpose(), entry.topK()).toFloatArray();
        double minOwn = 1;
        for (int i = 1; i < own.length; i++) {
            minOwn = Math.min(minOwn, own[i]);
        }
        double others = 0;
        for (EditDelta d : ctx.standing()) {
            if (d instanceof EditDelta.Memory mem && mem.layer() == entry.layer()) {
                NDArray copy = scope.create(mem.keys().toType(DataType.FLOAT32, false).toFloatArray(), mem.keys().getShape());
                NDArray theirs = ResidualMemory.masks(copy, entry.scale(), entry.topK());
                others = Math.max(others, ResidualMemory.overlap(masks, theirs.transpose(), entry.topK()).max().getFloat());
            }
        }
        ctx.progress().accept(String.format(Locale.ROOT,
                "MEMOIR layer %d '%s': %d keys, k %d; own masks overlap >= %.2f, other edits' <= %.2f (threshold %.2f)",
                entry.layer(), fact.subject(), own.length, entry.topK(), own.length > 1 ? minOwn : 1.0, others,
                entry.threshold()));
    }
}
