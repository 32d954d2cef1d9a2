package dev.concord.editor.edit.rome;

import dev.concord.editor.FactEdit;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.Prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key k* of a fact: the MLP key at the subject's last token, averaged over the texts
 * "{prefix}{prompt}" for the context prefixes (ROME compute_u.py / MEMIT compute_ks.py).
 */
public final class SubjectKeys {
    private SubjectKeys() {
    }

    /** The prefixed prompts (prefix + prompt) as token rows, with the fact token's position in each. */
    public record Rows(List<long[]> rows, int[] positions) {
    }

    /** The rows the keys are read from: one per context prefix (the empty prefix is the bare prompt). */
    public static Rows rows(LanguageModel model, FactEdit fact, List<String> prefixes, Prompts.FactToken factToken) {
        var tok = model.tokenizer();
        List<long[]> rows = new ArrayList<>();
        int[] positions = new int[prefixes.size()];
        for (int i = 0; i < prefixes.size(); i++) {
            String text = prefixes.get(i) + fact.prompt();
            rows.add(tok.encode(text));
            positions[i] = factToken.index(tok, text, fact.subject(), prefixes.get(i).length());
        }
        return new Rows(rows, positions);
    }

    /** Averaged key (dInner) per layer, with {@code hooks} active. */
    public static Map<Integer, float[]> average(LanguageModel model, FactEdit fact, List<String> prefixes, int[] layers,
                                                Map<Integer, MlpHook> hooks, Prompts.FactToken factToken) {
        Rows r = rows(model, fact, prefixes, factToken);
        Map<Integer, float[][][]> got = Forward.captureLayers(model, r.rows(), r.positions(), layers, hooks);
        Map<Integer, float[]> out = new HashMap<>();
        for (int layer : layers) {
            float[][] keys = got.get(layer)[0];
            float[] mean = new float[keys[0].length];
            for (float[] k : keys) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += k[j] / keys.length;
                }
            }
            out.put(layer, mean);
        }
        return out;
    }
}
