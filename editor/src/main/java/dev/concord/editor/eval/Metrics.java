package dev.concord.editor.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.Prompts;

import java.util.List;
import java.util.Map;

/**
 * The editing metrics as EasyEdit computes them (easyeditor/evaluate/evaluate_utils.py,
 * test_prediction_acc): teacher-forced token accuracy of an answer after a prompt, and the argmax
 * tokens used to compare predictions before and after an edit (locality).
 */
public final class Metrics {
    private Metrics() {
    }

    /** The argmax prediction at each answer position when prompt + answer is fed (teacher forcing). */
    public static long[] predictions(LanguageModel model, String prompt, String answer) {
        long[] p = model.tokenizer().encode(prompt);
        long[] a = model.targetIds(prompt, answer);
        long[] row = Prompts.concat(p, Prompts.prefix(a, a.length - 1));
        int cut = Math.max(0, row.length - model.info().maxPositions());
        if (cut >= p.length) {
            throw new dev.concord.editor.EditorException("expected an answer shorter than the model's "
                    + model.info().maxPositions() + " positions, found " + a.length + " tokens");
        }
        if (cut > 0) {
            // longer than the model's context: keep the last positions (the prompt loses its start)
            row = java.util.Arrays.copyOfRange(row, cut, row.length);
            p = java.util.Arrays.copyOfRange(p, cut, p.length);
        }
        try (NDManager scope = model.newManager()) {
            NDArray logits = Forward.logits(model, scope, List.of(row), Map.of()).get(0);
            long[] argmax = logits.toType(DataType.FLOAT32, false).argMax(-1).toLongArray();
            long[] out = new long[a.length];
            for (int j = 0; j < a.length; j++) {
                out[j] = argmax[p.length - 1 + j];
            }
            return out;
        }
    }

    /** Fraction of the answer's tokens that are the model's argmax under teacher forcing. */
    public static double tokenAccuracy(LanguageModel model, String prompt, String answer) {
        long[] a = model.targetIds(prompt, answer);
        return agreement(predictions(model, prompt, answer), a);
    }

    /** Fraction of positions where two token sequences agree (1 for two empty ones). */
    public static double agreement(long[] x, long[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("expected sequences of one length, found " + x.length + " and " + y.length);
        }
        if (x.length == 0) {
            return 1;
        }
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                same++;
            }
        }
        return (double) same / x.length;
    }

    /** Whether the greedy continuation starts with the answer (whitespace-trimmed). */
    public static boolean greedyMatch(LanguageModel model, String prompt, String answer) {
        int n = model.targetIds(prompt, answer).length;
        String out = model.generate(prompt, n + 1).strip();
        return out.startsWith(answer.strip());
    }

    /**
     * Whether {@code a} is more probable than {@code b} after the prompt, by mean per-token log
     * probability (the ROME paper's CounterFact comparison).
     */
    public static boolean prefers(LanguageModel model, String prompt, String a, String b) {
        double la = model.targetLogProb(prompt, a) / model.targetIds(prompt, a).length;
        double lb = model.targetLogProb(prompt, b) / model.targetIds(prompt, b).length;
        return la > lb;
    }

    /**
     * The ROME paper's generation entropy of one text: the entropies (bits) of its word 2-gram and
     * 3-gram frequency distributions, weighted 2/3 and 4/3 and averaged (the reference code splits
     * words with NLTK; here words are runs of letters or digits and single other characters).
     */
    public static double ngramEntropy(String text) {
        java.util.List<String> words = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]")
                .matcher(text.toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        double[] weights = {2.0 / 3, 4.0 / 3};
        double sum = 0;
        for (int k = 0; k < 2; k++) {
            int n = k + 2;
            java.util.Map<String, Integer> freq = new java.util.HashMap<>();
            for (int i = 0; i + n <= words.size(); i++) {
                freq.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
            }
            int total = freq.values().stream().mapToInt(Integer::intValue).sum();
            double h = 0;
            for (int f : freq.values()) {
                double p = (double) f / total;
                h -= p * Math.log(p) / Math.log(2);
            }
            sum += weights[k] * h;
        }
        return sum / 2;
    }
}
