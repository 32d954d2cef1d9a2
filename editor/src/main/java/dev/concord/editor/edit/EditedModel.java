package dev.concord.editor.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.ModelInfo;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.model.TransformerModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The model as edited: the runtime's model (whose MLP weights carry the weight deltas in place)
 * plus the hooks that edits without weight changes need (GRACE codebooks). Every forward pass,
 * and so generation, goes through those hooks. Does not own the wrapped model: closing this
 * view closes nothing.
 */
public final class EditedModel implements LanguageModel {
    private final LanguageModel base;
    private volatile Map<Integer, MlpHook> standing = Map.of();

    public EditedModel(LanguageModel base) {
        this.base = base;
    }

    /** The wrapped runtime model. */
    public LanguageModel base() {
        return base;
    }

    /** Replaces the standing hooks (the codebooks of the active GRACE edits). */
    public void standingHooks(Map<Integer, MlpHook> hooks) {
        this.standing = Map.copyOf(hooks);
    }

    public Map<Integer, MlpHook> standingHooks() {
        return standing;
    }

    @Override
    public dev.concord.editor.ChatTemplate chatTemplate() {
        return base.chatTemplate();
    }

    @Override
    public ModelInfo info() {
        return base.info();
    }

    @Override
    public TextTokenizer tokenizer() {
        return base.tokenizer();
    }

    @Override
    public NDArray forward(NDManager manager, NDArray ids, Map<Integer, MlpHook> hooks) {
        return base.forward(manager, ids, Forward.merge(standing, hooks));
    }

    @Override
    public NDArray forward(NDManager manager, NDArray ids, long[] lengths, Map<Integer, MlpHook> hooks) {
        return base.forward(manager, ids, lengths, Forward.merge(standing, hooks));
    }

    @Override
    public long[] targetIds(String prompt, String target) {
        return base.targetIds(prompt, target);
    }

    @Override
    public NDManager newManager() {
        return base.newManager();
    }

    @Override
    public double targetLogProb(String prompt, String target) {
        long[] p = tokenizer().encode(prompt);
        long[] t = targetIds(prompt, target);
        long[] row = Prompts.concat(p, t);
        try (NDManager scope = Forward.newManager(this)) {
            NDArray logp = Forward.logits(this, scope, List.of(row), Map.of()).get(0)
                    .toType(DataType.FLOAT32, false).logSoftmax(-1);
            double sum = 0;
            for (int j = 0; j < t.length; j++) {
                sum += logp.getFloat(p.length - 1 + j, t[j]);
            }
            return sum;
        }
    }

    @Override
    public String generate(String prompt, int maxNewTokens) {
        return decodeLoop(prompt, maxNewTokens, null, 0, 1);
    }

    @Override
    public String sample(String prompt, int maxNewTokens, double temperature, int topK, long seed) {
        return decodeLoop(prompt, maxNewTokens, new Random(seed), temperature, Math.max(1, topK));
    }

    /** Greedy (random == null) or top-k sampled decoding through the runtime's decoder (KV cache where it has one). */
    private String decodeLoop(String prompt, int maxNewTokens, Random random, double temperature, int topK) {
        TextTokenizer tok = tokenizer();
        long[] promptIds = tok.encode(prompt);
        if (promptIds.length == 0 && tok.endOfText() >= 0) {
            promptIds = new long[] {tok.endOfText()};
        }
        List<Long> out = new ArrayList<>();
        if (maxNewTokens <= 0 || promptIds.length == 0) {
            return "";
        }
        try (Decoder d = decoder(null); NDManager scope = Forward.newManager(this)) {
            float[] logits = d.step(promptIds);
            for (int step = 0; step < maxNewTokens; step++) {
                float[] v = Arrays.copyOf(logits, tok.vocabSize());
                long next = random == null ? TransformerModel.argMax(v) : pick(scope.create(v), random, temperature, topK);
                if (next == tok.endOfText() || tok.decode(new long[] {next}).contains("\n")) {
                    break;
                }
                out.add(next);
                if (step + 1 < maxNewTokens) {
                    logits = d.step(new long[] {next});
                }
            }
        }
        return tok.decode(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public Decoder decoder(Map<Integer, MlpHook> hooks) {
        return base.decoder(Forward.merge(standing, hooks));
    }


    private static long pick(NDArray logits, Random random, double temperature, int topK) {
        float[] l = logits.toFloatArray();
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < l.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(l[b], l[a]));
        int k = Math.min(topK, l.length);
        double t = Math.max(1e-6, temperature);
        double[] p = new double[k];
        double z = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp((l[order[i]] - l[order[0]]) / t);
            z += p[i];
        }
        double u = random.nextDouble() * z;
        for (int i = 0; i < k; i++) {
            u -= p[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[k - 1];
    }

    @Override
    public Map<String, NDArray> parameters() {
        return base.parameters();
    }

    @Override
    public NDArray mlpOutWeight(int layer) {
        return base.mlpOutWeight(layer);
    }

    @Override
    public List<NDArray> mlpInWeights(int layer) {
        return base.mlpInWeights(layer);
    }

    @Override
    public String device() {
        return base.device();
    }

    /** A view does not own the model: the editor that made it closes the runtime model. */
    @Override
    public void close() {
        // intentionally nothing: see the class comment
    }
}
