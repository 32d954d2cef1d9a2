package dev.concord.editor.edit.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.edit.Prompts;
import dev.concord.editor.model.TransformerModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Causal tracing of a factual prompt (Meng et al. 2022, "Locating and Editing Factual Associations in
 * GPT", section 2.1, the MLP traces of figure 1): the subject's token embeddings are corrupted with
 * Gaussian noise (3 times the embedding table's standard deviation), which makes the model lose the
 * answer; then, one (layer, token) at a time, that layer's MLP output at that token is restored to
 * its value in the clean run, and the probability of the clean answer is read at the last position.
 * Cells where restoring brings the answer back show where the model recalls the fact: for ROME, the
 * MLPs at the subject's last token in the early-middle layers, the layers the method edits.
 *
 * <p>Each layer is one batched forward pass, one row per token position (row r restores position r);
 * the same noise is used for every row of a sample, and the results are averaged over the samples.
 */
public final class CausalTrace {

    /**
     * The outcome: the prompt's tokens, the subject's token span [subjectFrom, subjectTo], the answer
     * token, its probability in the clean and the corrupted run, and {@code restored[layer][token]}.
     */
    public record Result(List<String> tokens, int subjectFrom, int subjectTo, String answer, double clean,
                         double corrupted, double[][] restored) {

        /** The layer whose restored MLP output at the subject's last token brings the answer back most. */
        public int bestLayer() {
            int best = 0;
            for (int l = 1; l < restored.length; l++) {
                if (restored[l][subjectTo] > restored[best][subjectTo]) {
                    best = l;
                }
            }
            return best;
        }
    }

    private CausalTrace() {
    }

    /**
     * Traces {@code prompt} with the subject's tokens corrupted; {@code noise} is the factor on the
     * embeddings' standard deviation (the paper's 3; 0 corrupts nothing).
     */
    public static Result run(LanguageModel model, String prompt, String subject, int samples, double noise, long seed,
                             Consumer<String> progress) {
        return run(model, prompt, subject, samples, noise, 1, seed, progress);
    }

    /**
     * As above, restoring at each cell the MLP outputs of a window of {@code window} layers centred on
     * the cell's layer (the paper's MLP traces use 10: one MLP alone moves the answer little).
     */
    public static Result run(LanguageModel model, String prompt, String subject, int samples, double noise, int window,
                             long seed, Consumer<String> progress) {
        if (window < 1) {
            throw new EditorException("expected a window of at least one layer but found " + window);
        }
        if (samples < 1) {
            throw new EditorException("expected at least one noise sample but found " + samples);
        }
        var tok = model.tokenizer();
        long[] ids = tok.encode(prompt);
        int t = ids.length;
        int last = Prompts.subjectLastToken(tok, prompt, subject);
        int first = subjectFirstToken(tok, prompt, subject);
        List<String> tokens = new ArrayList<>();
        for (long id : ids) {
            tokens.add(tok.decode(new long[]{id}));
        }
        int layers = model.info().layers();
        int d = model.info().hiddenSize();
        try (NDManager manager = Forward.newManager(model)) {
            // clean run: every layer's MLP output at every position, and the answer
            NDArray[] cleanValues = new NDArray[layers];
            java.util.Map<Integer, MlpHook> capture = new java.util.HashMap<>();
            for (int l = 0; l < layers; l++) {
                int layer = l;
                capture.put(l, (x, key, value) -> {
                    NDArray v = value.duplicate();
                    v.attach(manager);
                    cleanValues[layer] = v;
                    return value;
                });
            }
            float[] cleanLogits = lastLogits(model, manager, ids, 1, capture);
            int answer = TransformerModel.argMax(cleanLogits);
            double clean = softmax(cleanLogits, answer);
            double sigma = noise * embeddingStd(model);
            Random random = new Random(seed);
            double corrupted = 0;
            double[][] restored = new double[layers][t];
            for (int s = 0; s < samples; s++) {
                float[] n = new float[(last - first + 1) * d];
                for (int i = 0; i < n.length; i++) {
                    n[i] = (float) (random.nextGaussian() * sigma);
                }
                MlpHook corrupt = corruption(manager, n, first, last, t, d);
                corrupted += softmax(lastLogits(model, manager, ids, 1, Map.of(MlpHook.EMBEDDINGS, corrupt)), answer) / samples;
                for (int l = 0; l < layers; l++) {
                    java.util.Map<Integer, MlpHook> hooks = new java.util.HashMap<>();
                    hooks.put(MlpHook.EMBEDDINGS, corrupt);
                    for (int w = Math.max(0, l - window / 2); w < Math.min(layers, l - window / 2 + window); w++) {
                        NDArray cleanValue = cleanValues[w];
                        hooks.put(w, (x, key, value) -> {
                            // row r takes the clean value at position r: value·(1 - M) + clean·M, M one-hot (T, T, 1)
                            NDArray m = value.getManager().eye(t).reshape(t, t, 1).toType(value.getDataType(), false);
                            return value.mul(m.neg().add(1f)).add(cleanValue.toType(value.getDataType(), false).mul(m));
                        });
                    }
                    float[] logits = allLastLogits(model, manager, ids, t, hooks);
                    int v = logits.length / t;
                    for (int r = 0; r < t; r++) {
                        float[] row = java.util.Arrays.copyOfRange(logits, r * v, (r + 1) * v);
                        restored[l][r] += softmax(row, answer) / samples;
                    }
                }
                progress.accept("causal trace: noise sample " + (s + 1) + "/" + samples + " done");
            }
            return new Result(tokens, first, last, tok.decode(new long[]{answer}), clean, corrupted, restored);
        }
    }

    /** Adds the noise to the subject's positions of every row's embeddings. */
    private static MlpHook corruption(NDManager manager, float[] noise, int first, int last, int t, int d) {
        float[] full = new float[t * d];
        System.arraycopy(noise, 0, full, first * d, noise.length);
        return (x, key, value) -> value.add(value.getManager().create(full, new Shape(1, t, d)).toType(value.getDataType(), false));
    }

    private static float[] lastLogits(LanguageModel model, NDManager manager, long[] ids, int rows,
                                      Map<Integer, MlpHook> hooks) {
        float[] all = allLastLogits(model, manager, ids, rows, hooks);
        return java.util.Arrays.copyOf(all, all.length / rows);
    }

    /** Logits at the last position of {@code rows} copies of ids: (rows · V). */
    private static float[] allLastLogits(LanguageModel model, NDManager manager, long[] ids, int rows,
                                         Map<Integer, MlpHook> hooks) {
        try (NDManager scope = manager.newSubManager()) {
            long[] flat = new long[rows * ids.length];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(ids, 0, flat, r * ids.length, ids.length);
            }
            NDArray logits = model.forward(scope, scope.create(flat, new Shape(rows, ids.length)), hooks);
            return logits.get(new ai.djl.ndarray.index.NDIndex(":, -1, :")).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static double embeddingStd(LanguageModel model) {
        NDArray table = model.parameters().entrySet().stream()
                .filter(e -> e.getKey().endsWith("embed_tokens.weight") || e.getKey().endsWith("wte.weight"))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new EditorException("expected a token embedding table in the model"));
        double mean = table.mean().getFloat();
        return Math.sqrt(table.sub(mean).square().mean().getFloat());
    }

    /** Index of the first token of the subject: the tokens of the text before it, as the runtime encodes it. */
    static int subjectFirstToken(dev.concord.editor.TextTokenizer tok, String text, String subject) {
        int at = text.indexOf(subject);
        if (at < 0) {
            throw new EditorException("expected subject '" + subject + "' in '" + text + "'");
        }
        long[] before = tok.encode(text.substring(0, at));
        long[] all = tok.encode(text);
        int n = 0;
        while (n < before.length && n < all.length && before[n] == all[n]) {
            n++;
        }
        return Math.min(n, Prompts.subjectLastToken(tok, text, subject));
    }


    static double softmax(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (float x : logits) {
            sum += Math.exp(x - max);
        }
        return Math.exp(logits[index] - max) / sum;
    }
}
