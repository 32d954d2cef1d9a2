package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.ChatTemplate;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.ModelInfo;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.io.SafeTensors;
import dev.concord.editor.tokenizer.HfTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What GPT-2 and the Llama family share: the parameter table (HF names, Linear layout, owned by one
 * {@link NDManager}), the scoped forward pass, decoding (greedy and sampled, no KV cache: each new
 * token re-runs the whole sequence), teacher-forced scoring and saving in the HF layout.
 *
 * <p>Memory: a forward pass runs in a sub-manager of the caller's manager; the parameters are
 * temporarily attached to it so every intermediate result is freed when the pass returns, and only
 * the logits move to the caller's manager. Arrays handed to an {@link MlpHook} live in that scope:
 * a hook that keeps one must {@code attach} it (or a {@code duplicate()}) to its own manager.
 * Autograd is unaffected: the tape keeps what backward needs.
 */
public abstract class TransformerModel implements LanguageModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Additive mask value for blocked attention positions (finite, so fully masked rows stay finite). */
    static final float MASKED = -1e9f;

    protected final ModelConfig config;
    protected final ModelInfo info;
    protected final TextTokenizer tokenizer;
    protected final NDManager manager;
    protected final Map<String, NDArray> params;
    private final Path tokenizerFile;

    protected TransformerModel(ModelConfig config, String name, TextTokenizer tokenizer, Path tokenizerFile,
                               NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.info = config.info(name);
        this.tokenizer = tokenizer;
        this.tokenizerFile = tokenizerFile;
        this.manager = manager;
        this.params = params;
        if (tokenizer != null && tokenizer.vocabSize() > config.vocabSize()) {
            throw new EditorException("tokenizer.json has " + tokenizer.vocabSize() + " tokens but config.json vocab_size is "
                    + config.vocabSize() + "; expected at most vocab_size");
        }
    }

    /** The expected tensors (HF names, Linear layout shapes); loading checks names and shapes against it. */
    protected abstract Map<String, Shape> expectedShapes();


    /**
     * The pass itself: {@code ids} (B, T) int64 in {@code scope}, additive attention mask
     * (B, 1, T, T) in {@code scope}; returns logits (B, T, V) float32.
     */
    protected abstract NDArray forwardInScope(NDManager scope, NDArray ids, NDArray mask, Map<Integer, MlpHook> hooks);

    /**
     * The tensors as a checkpoint stores them, arrays in {@code scope}: the parameters as they are
     * (GPT-2 overrides this to transpose its Conv1D weights back).
     */
    protected Map<String, NDArray> checkpointTensors(NDManager scope) {
        return copies(scope, n -> n, java.util.Set.of());
    }

    /**
     * Takes a checkpoint's tensors as the parameters, closing those {@code dropped} names (buffers the
     * model recomputes, a tied head's copy), then checks names and shapes.
     */
    protected final void takeParameters(Map<String, NDArray> checkpoint, java.util.function.Predicate<String> dropped) {
        for (Map.Entry<String, NDArray> e : checkpoint.entrySet()) {
            if (dropped.test(e.getKey())) {
                e.getValue().close();
            } else {
                params.put(e.getKey(), e.getValue());
            }
        }
        checkShapes();
    }

    /** Checks names and shapes; called by the subclasses' constructors after normalising names. */
    protected final void checkShapes() {
        for (Map.Entry<String, Shape> e : expectedShapes().entrySet()) {
            NDArray a = params.get(e.getKey());
            if (a == null) {
                throw new EditorException("the checkpoint lacks " + e.getKey() + " (expected shape "
                        + e.getValue() + " for " + config.modelType() + ")");
            }
            if (!a.getShape().equals(e.getValue())) {
                throw new EditorException("shape mismatch for " + e.getKey() + ": expected " + e.getValue()
                        + " from config.json but found " + a.getShape());
            }
        }
    }

    public ModelConfig config() {
        return config;
    }

    private volatile ChatTemplate chatTemplate;

    /** Sets the chat format (the GGUF loader does, from tokenizer.chat_template). */
    public void chatTemplate(ChatTemplate template) {
        this.chatTemplate = template;
    }

    @Override
    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String device() {
        return manager.getDevice().toString();
    }

    @Override
    public NDManager newManager() {
        return manager.newSubManager();
    }

    @Override
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    @Override
    public NDArray forward(NDManager caller, NDArray ids, Map<Integer, MlpHook> hooks) {
        long[] shape = ids.getShape().getShape();
        if (shape.length != 2) {
            throw new EditorException("expected ids of shape (B, T) but found " + ids.getShape());
        }
        long[] lengths = new long[(int) shape[0]];
        Arrays.fill(lengths, shape[1]);
        return forward(caller, ids, lengths, hooks);
    }

    @Override
    public synchronized NDArray forward(NDManager caller, NDArray ids, long[] lengths, Map<Integer, MlpHook> hooks) {
        Shape s = ids.getShape();
        if (s.dimension() != 2 || s.get(0) != lengths.length) {
            throw new EditorException("expected ids (B, T) with B = " + lengths.length + " lengths but found " + s);
        }
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        if (t < 1 || t > config.maxPositions()) {
            throw new EditorException("expected between 1 and " + config.maxPositions() + " positions but found " + t);
        }
        for (long len : lengths) {
            if (len < 1 || len > t) {
                throw new EditorException("expected row lengths between 1 and " + t + " but found " + len);
            }
        }
        try (NDManager scope = caller.newSubManager(manager.getDevice())) {
            for (NDArray p : params.values()) {
                p.tempAttach(scope);
            }
            NDArray x = ids.toDevice(manager.getDevice(), true).toType(DataType.INT64, false);
            x.attach(scope);
            long max = x.max().getLong();
            long min = x.min().getLong();
            if (min < 0 || max >= config.vocabSize()) {
                throw new EditorException("expected token ids in [0, " + config.vocabSize() + ") but found ["
                        + min + ", " + max + "]");
            }
            NDArray logits = forwardInScope(scope, x, causalMask(scope, b, t, lengths), hooks);
            logits.attach(caller);
            return logits;
        }
    }

    /**
     * A forward pass with some parameters replaced by {@code substitutes} (same names and shapes, for
     * example tensors that require gradients in a training step); the model's own tensors are back in
     * place when it returns.
     */
    public synchronized NDArray forwardWith(NDManager caller, NDArray ids, long[] lengths, Map<String, NDArray> substitutes) {
        Map<String, NDArray> own = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : substitutes.entrySet()) {
            NDArray mine = params.get(e.getKey());
            if (mine == null || !mine.getShape().equals(e.getValue().getShape())) {
                throw new EditorException("expected a substitute for a parameter of the same shape but found " + e.getKey()
                        + " " + e.getValue().getShape() + (mine == null ? " (no such parameter)" : " for " + mine.getShape()));
            }
            own.put(e.getKey(), mine);
        }
        try {
            params.putAll(substitutes);
            return forward(caller, ids, lengths, null);
        } finally {
            params.putAll(own);
        }
    }

    // ---- incremental decoding ------------------------------------------------------------------

    /** Whether {@link #stepInScope} is implemented (a KV cache); otherwise decoding re-runs the sequence. */
    protected boolean supportsKvCache() {
        return false;
    }

    /**
     * One incremental pass: {@code ids} (1, n) at positions {@code past} .. {@code past + n - 1};
     * {@code cache[layer]} holds that layer's {keys, values} for the earlier positions (null at the
     * first step) and is replaced by the extended arrays, which must be attached to {@code cacheManager}.
     * Returns logits (1, n, V).
     */
    protected NDArray stepInScope(NDManager scope, NDArray ids, int past, NDArray[][] cache, NDManager cacheManager,
                                  Map<Integer, MlpHook> hooks) {
        throw new EditorException(config.modelType() + " has no KV cache");
    }

    @Override
    public Decoder decoder(Map<Integer, MlpHook> hooks) {
        return supportsKvCache() ? new CachedDecoder(hooks) : new FullDecoder(hooks);
    }

    /** Decoding without a cache: every step runs the whole (windowed) sequence. */
    private final class FullDecoder implements Decoder {
        private final Map<Integer, MlpHook> hooks;
        private long[] seq = new long[0];

        FullDecoder(Map<Integer, MlpHook> hooks) {
            this.hooks = hooks;
        }

        @Override
        public float[] step(long[] ids) {
            seq = concat(seq, ids);
            long[] window = seq.length > config.maxPositions()
                    ? Arrays.copyOfRange(seq, seq.length - config.maxPositions(), seq.length) : seq;
            try (NDManager m = manager.newSubManager()) {
                NDArray logits = forward(m, m.create(window, new Shape(1, window.length)), hooks);
                return logits.get(new NDIndex("0, -1")).toFloatArray();
            }
        }

        @Override
        public int length() {
            return seq.length;
        }

        @Override
        public void close() {
            seq = new long[0];
        }
    }

    /** Decoding with a KV cache: keys and values of every layer stay in a manager of their own. */
    private final class CachedDecoder implements Decoder {
        private final Map<Integer, MlpHook> hooks;
        private NDManager cacheManager = manager.newSubManager();
        private NDArray[][] cache = new NDArray[config.layers()][];
        private long[] seq = new long[0];
        private int past;

        CachedDecoder(Map<Integer, MlpHook> hooks) {
            this.hooks = hooks;
        }

        @Override
        public float[] step(long[] ids) {
            if (ids.length == 0) {
                throw new EditorException("expected at least one new token id but found none");
            }
            seq = concat(seq, ids);
            long[] feed = ids;
            if (past + ids.length > config.maxPositions()) {
                // the window is full: start again from the most recent half window
                int keep = Math.max(1, config.maxPositions() / 2);
                feed = Arrays.copyOfRange(seq, Math.max(0, seq.length - keep), seq.length);
                cacheManager.close();
                cacheManager = manager.newSubManager();
                cache = new NDArray[config.layers()][];
                past = 0;
            }
            synchronized (TransformerModel.this) {
                try (NDManager scope = manager.newSubManager()) {
                    for (NDArray p : params.values()) {
                        p.tempAttach(scope);
                    }
                    NDArray x = scope.create(feed, new Shape(1, feed.length));
                    long max = Arrays.stream(feed).max().orElse(0);
                    long min = Arrays.stream(feed).min().orElse(0);
                    if (min < 0 || max >= config.vocabSize()) {
                        throw new EditorException("expected token ids in [0, " + config.vocabSize() + ") but found ["
                                + min + ", " + max + "]");
                    }
                    NDArray logits = stepInScope(scope, x, past, cache, cacheManager, hooks);
                    past += feed.length;
                    return logits.get(new NDIndex("0, -1")).toFloatArray();
                }
            }
        }

        @Override
        public int length() {
            return seq.length;
        }

        @Override
        public void close() {
            cacheManager.close();
        }
    }

    /** Additive mask (B, 1, T, T): 0 where query i may see key j (j ≤ i and j < length), else {@link #MASKED}. */
    static NDArray causalMask(NDManager scope, int b, int t, long[] lengths) {
        float[] m = new float[b * t * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    m[(r * t + i) * t + j] = (j <= i && j < lengths[r]) ? 0f : MASKED;
                }
            }
        }
        return scope.create(m, new Shape(b, 1, t, t));
    }

    // ---- shared building blocks -------------------------------------------------------------

    /** Row lookup in an embedding table: ids (B, T) int64, table (V, d) → (B, T, d), differentiable in the table. */
    static NDArray embed(NDManager scope, NDArray ids, NDArray table) {
        NDArray out = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        out.attach(scope);
        return out;
    }

    /** y = x · Wᵀ (+ b), W in Linear layout (out, in). */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDArray y = x.matMul(weight.transpose());
        return bias == null ? y : y.add(bias);
    }

    /** (B, T, H·hd) → (B, H, T, hd). */
    static NDArray splitHeads(NDArray x, int heads, int headDim) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /** Scaled dot-product attention with an additive mask; q (B,H,T,hd), k and v (B,H,T,hd) → (B, T, H·hd). */
    static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, int headDim) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim)).add(mask);
        NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        Shape s = out.getShape();
        return out.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
    }

    /**
     * Rotary tables (T, hd) for positions offset .. offset+T-1 in the rotate-half layout: cos and sin
     * of pos·θ^(-2i/hd), each frequency used for both halves (Llama family, Gemma 3).
     */
    static NDArray[] rotaryTables(NDManager scope, int offset, int t, int hd, double theta) {
        int half = hd / 2;
        float[] cos = new float[t * hd];
        float[] sin = new float[t * hd];
        for (int i = 0; i < half; i++) {
            float invFreq = (float) (1.0 / Math.pow(theta, (2.0 * i) / hd));
            for (int p = 0; p < t; p++) {
                float angle = (float) (offset + p) * invFreq;
                cos[p * hd + i] = (float) Math.cos(angle);
                cos[p * hd + i + half] = (float) Math.cos(angle);
                sin[p * hd + i] = (float) Math.sin(angle);
                sin[p * hd + i + half] = (float) Math.sin(angle);
            }
        }
        return new NDArray[]{scope.create(cos, new Shape(t, hd)), scope.create(sin, new Shape(t, hd))};
    }

    /** x·cos + rotate_half(x)·sin, rotate_half([x1, x2]) = [-x2, x1]; x (B, H, T, hd). */
    static NDArray ropeHalves(NDArray x, NDArray cos, NDArray sin) {
        ai.djl.ndarray.NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /** Attention where every query may see every key (one new token over a KV cache). */
    static NDArray attentionNoMask(NDArray q, NDArray k, NDArray v, int headDim) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim));
        NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        Shape s = out.getShape();
        return out.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
    }

    /** The hook key of the (scaled) token embeddings, before the first block: see {@link MlpHook#EMBEDDINGS}. */
    static final int EMBEDDINGS = MlpHook.EMBEDDINGS;

    static NDArray applyHook(Map<Integer, MlpHook> hooks, int layer, NDArray key, NDArray value) {
        if (hooks == null) {
            return value;
        }
        MlpHook hook = hooks.get(layer);
        if (hook == null) {
            return value;
        }
        NDArray out = hook.apply(layer, key, value);
        // before the head, a hook may keep only some positions: (1, P, d)
        boolean selected = layer == MlpHook.BEFORE_HEAD && out != null && out.getShape().dimension() == 3
                && out.getShape().get(0) == 1 && out.getShape().get(2) == value.getShape().get(2);
        if (out == null || !(selected || out.getShape().equals(value.getShape()))) {
            throw new EditorException("MLP hook of layer " + layer + ": expected a value of shape " + value.getShape()
                    + " but found " + (out == null ? "null" : out.getShape()));
        }
        return out;
    }

    /** A contiguous copy of a transposed 2-D weight (GPT-2 Conv1D (in, out) → Linear (out, in) and back). */
    static NDArray transposed(NDArray w) {
        Shape s = w.getShape();
        return w.transpose().flatten().reshape(s.get(1), s.get(0));
    }

    // ---- text-level operations ----------------------------------------------------------------

    private long[] promptIds(String prompt) {
        long[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) {
            if (tokenizer.endOfText() < 0) {
                throw new EditorException("expected a non-empty prompt but found an empty one");
            }
            ids = new long[]{tokenizer.endOfText()};
        }
        return ids;
    }

    @Override
    public long[] targetIds(String prompt, String target) {
        if (target == null || target.isEmpty()) {
            throw new EditorException("expected a non-empty target but found none");
        }
        String sep = (prompt.isEmpty() || Character.isWhitespace(prompt.charAt(prompt.length() - 1))
                || Character.isWhitespace(target.charAt(0))) ? "" : " ";
        long[] p = tokenizer.encode(prompt);
        long[] full = tokenizer.encode(prompt + sep + target);
        if (full.length > p.length && Arrays.equals(Arrays.copyOf(full, p.length), p)) {
            return Arrays.copyOfRange(full, p.length, full.length);
        }
        return tokenizer.encode(sep + target);
    }

    @Override
    public double targetLogProb(String prompt, String target) {
        long[] p = promptIds(prompt);
        long[] tgt = targetIds(prompt, target);
        long[] all = concat(p, tgt);
        if (all.length > config.maxPositions()) {
            throw new EditorException("prompt and target take " + all.length + " tokens; expected at most "
                    + config.maxPositions());
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray logits = forward(m, m.create(all, new Shape(1, all.length)), null);
            NDArray logp = logits.get(0).logSoftmax(-1); // (T, V)
            long[] pos = new long[tgt.length];
            for (int i = 0; i < tgt.length; i++) {
                pos[i] = p.length - 1 + i;
            }
            NDArray rows = logp.get(m.create(pos));                  // (n, V)
            NDArray picked = rows.gather(m.create(tgt).reshape(tgt.length, 1), 1);
            return picked.sum().getFloat();
        }
    }

    @Override
    public String generate(String prompt, int maxNewTokens) {
        return decodeLoop(prompt, maxNewTokens, logits -> argMax(logits));
    }

    @Override
    public String sample(String prompt, int maxNewTokens, double temperature, int topK, long seed) {
        if (temperature <= 0) {
            return generate(prompt, maxNewTokens);
        }
        Random random = new Random(seed);
        int k = topK <= 0 ? config.vocabSize() : Math.min(topK, config.vocabSize());
        return decodeLoop(prompt, maxNewTokens, logits -> sampleTopK(logits, temperature, k, random));
    }

    private interface Picker {
        int pick(float[] logits);
    }

    private String decodeLoop(String prompt, int maxNewTokens, Picker picker) {
        if (maxNewTokens < 0) {
            throw new EditorException("expected max new tokens >= 0 but found " + maxNewTokens);
        }
        long[] p = promptIds(prompt);
        List<Long> out = new ArrayList<>();
        String text = "";
        if (maxNewTokens == 0) {
            return text;
        }
        try (Decoder d = decoder(null)) {
            float[] last = d.step(p);
            for (int step = 0; step < maxNewTokens; step++) {
                long next = picker.pick(Arrays.copyOf(last, tokenizer.vocabSize()));
                if (next == tokenizer.endOfText()) {
                    break;
                }
                out.add(next);
                text = tokenizer.decode(out.stream().mapToLong(Long::longValue).toArray());
                int nl = text.indexOf('\n');
                if (nl >= 0) {
                    return text.substring(0, nl);
                }
                if (step + 1 < maxNewTokens) {
                    last = d.step(new long[]{next});
                }
            }
        }
        return text;
    }

    @Override
    public List<String> generateAll(List<String> prompts, int maxNewTokens) {
        if (maxNewTokens < 0) {
            throw new EditorException("expected max new tokens >= 0 but found " + maxNewTokens);
        }
        List<String> out = new ArrayList<>(prompts.size());
        int batch = 32;
        for (int from = 0; from < prompts.size(); from += batch) {
            out.addAll(generateBatch(prompts.subList(from, Math.min(prompts.size(), from + batch)), maxNewTokens));
        }
        return out;
    }

    /** Greedy decoding of right-padded rows; a row stops at end-of-text or a newline, like {@link #generate}. */
    private List<String> generateBatch(List<String> prompts, int maxNewTokens) {
        int b = prompts.size();
        List<long[]> rows = new ArrayList<>();
        for (String p : prompts) {
            rows.add(promptIds(p));
        }
        List<List<Long>> produced = new ArrayList<>();
        String[] texts = new String[b];
        boolean[] done = new boolean[b];
        for (int r = 0; r < b; r++) {
            produced.add(new ArrayList<>());
            texts[r] = "";
        }
        long pad = Math.max(0, tokenizer.endOfText());
        for (int step = 0; step < maxNewTokens; step++) {
            List<Integer> active = new ArrayList<>();
            for (int r = 0; r < b; r++) {
                if (!done[r]) {
                    active.add(r);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            long[][] seqs = new long[active.size()][];
            int t = 0;
            for (int i = 0; i < active.size(); i++) {
                int r = active.get(i);
                long[] seq = concat(rows.get(r), produced.get(r).stream().mapToLong(Long::longValue).toArray());
                if (seq.length > config.maxPositions()) {
                    seq = Arrays.copyOfRange(seq, seq.length - config.maxPositions(), seq.length);
                }
                seqs[i] = seq;
                t = Math.max(t, seq.length);
            }
            long[] flat = new long[active.size() * t];
            long[] lengths = new long[active.size()];
            for (int i = 0; i < seqs.length; i++) {
                Arrays.fill(flat, i * t, (i + 1) * t, pad);
                System.arraycopy(seqs[i], 0, flat, i * t, seqs[i].length);
                lengths[i] = seqs[i].length;
            }
            float[] logits;
            int v = config.vocabSize();
            try (NDManager m = manager.newSubManager()) {
                logits = forward(m, m.create(flat, new Shape(active.size(), t)), lengths, null).toFloatArray();
            }
            for (int i = 0; i < seqs.length; i++) {
                int r = active.get(i);
                int row = (int) ((i * (long) t + lengths[i] - 1) * v);
                long next = argMax(Arrays.copyOfRange(logits, row, row + tokenizer.vocabSize()));
                if (next == tokenizer.endOfText()) {
                    done[r] = true;
                    continue;
                }
                produced.get(r).add(next);
                String text = tokenizer.decode(produced.get(r).stream().mapToLong(Long::longValue).toArray());
                int nl = text.indexOf('\n');
                if (nl >= 0) {
                    text = text.substring(0, nl);
                    done[r] = true;
                }
                texts[r] = text;
            }
        }
        return Arrays.asList(texts);
    }

    /**
     * Greedy decoding on ids without any stop condition: exactly {@code newTokens} new ids (for
     * benchmarks and for callers that tokenise themselves).
     */
    public long[] greedyIds(long[] prompt, int newTokens) {
        return greedyIds(prompt, newTokens, true);
    }

    /** As {@link #greedyIds(long[], int)}, with or without the KV cache (for benchmarks and tests). */
    public long[] greedyIds(long[] prompt, int newTokens, boolean kvCache) {
        long[] out = new long[newTokens];
        if (newTokens == 0) {
            return out;
        }
        try (Decoder d = kvCache ? decoder(null) : new FullDecoder(null)) {
            float[] last = d.step(prompt);
            for (int i = 0; i < newTokens; i++) {
                out[i] = argMax(last);
                if (i + 1 < newTokens) {
                    last = d.step(new long[]{out[i]});
                }
            }
        }
        return out;
    }

    /** Index of the largest value (the first on ties). */
    public static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static int sampleTopK(float[] logits, double temperature, int k, Random random) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[b] != logits[a] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int n = Math.min(k, order.length);
        double[] w = new double[n];
        double max = logits[order[0]] / temperature;
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logits[order[i]] / temperature - max);
            total += w[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            r -= w[i];
            if (r <= 0) {
                return order[i];
            }
        }
        return order[n - 1];
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---- saving -----------------------------------------------------------------------------

    /**
     * Writes the model in the HF layout: config.json (as read), model.safetensors (checkpoint names
     * and layout, float32) and tokenizer.json (copied).
     */
    public synchronized void save(Path dir) {
        save(dir, DataType.FLOAT32);
    }

    /** As {@link #save(Path)}, storing floating-point weights as FLOAT32 or BFLOAT16. */
    public synchronized void save(Path dir, DataType floatType) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config.raw());
            try (NDManager scope = manager.newSubManager()) {
                Map<String, NDArray> tensors = checkpointTensors(scope);
                SafeTensors.write(dir.resolve(SafeTensors.SINGLE_FILE), tensors, floatType, Map.of("format", "pt"));
            }
            if (tokenizer instanceof HfTokenizer hf && hf.json() != null) {
                Files.writeString(dir.resolve("tokenizer.json"), hf.json());
            } else if (tokenizerFile != null && Files.isRegularFile(tokenizerFile)) {
                Path target = dir.resolve("tokenizer.json");
                if (!Files.exists(target) || !Files.isSameFile(target, tokenizerFile)) {
                    Files.copy(tokenizerFile, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new EditorException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Copies of the live parameters for a checkpoint, in {@code scope}; {@code rename} maps runtime names to stored names. */
    protected Map<String, NDArray> copies(NDManager scope, java.util.function.Function<String, String> rename,
                                          java.util.Set<String> transposeBack) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            NDArray copy = transposeBack.contains(e.getKey()) ? transposed(w) : w.duplicate();
            copy.attach(scope);
            out.put(rename.apply(e.getKey()), copy);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        manager.close();
        if (tokenizer instanceof HfTokenizer hf) {
            hf.close();
        }
    }

    /** The layer index, checked against the model's depth. */
    protected final int checkLayer(int layer) {
        if (layer < 0 || layer >= config.layers()) {
            throw new EditorException("expected a layer in [0, " + config.layers() + ") but found " + layer);
        }
        return layer;
    }
}
