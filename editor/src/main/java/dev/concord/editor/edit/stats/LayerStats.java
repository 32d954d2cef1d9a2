package dev.concord.editor.edit.stats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.io.SafeTensors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Second moment of the MLP keys per layer, C = E[k kᵀ] over every token of a text corpus: the
 * statistic ROME's covariance adjustment and MEMIT's update use (ROME's layer_stats.py collects
 * it over Wikipedia text; here the corpus is the demo model's training text by default, or a
 * user's text file). Each layer's matrix is cached on disk as safetensors ({@code mom2} (dInner,
 * dInner) and {@code count}), keyed by the model's name, the layer and a hash of the corpus and
 * sampling settings, so it is computed once.
 */
public final class LayerStats implements AutoCloseable {
    private final LanguageModel model;
    private final Supplier<List<String>> corpus;
    private final Path cacheDir;
    private final int maxTexts;
    private final int maxLength;
    private final Consumer<String> progress;
    private final NDManager manager;
    private final Map<Integer, NDArray> loaded = new HashMap<>();
    private final Map<String, NDArray> derived = new HashMap<>();
    private String corpusHash;

    /**
     * @param model     the model whose keys are measured
     * @param corpus    texts, one per sample (read lazily, only when a layer is not cached)
     * @param cacheDir  where the per-layer files go (created when needed); null for no disk cache
     * @param maxTexts  how many texts to use at most
     * @param maxLength tokens per text at most (longer texts are cut)
     */
    public LayerStats(LanguageModel model, Supplier<List<String>> corpus, Path cacheDir, int maxTexts, int maxLength,
                      Consumer<String> progress) {
        if (maxTexts < 1 || maxLength < 1) {
            throw new EditorException("expected positive sample sizes, found maxTexts=" + maxTexts
                    + " maxLength=" + maxLength);
        }
        this.model = model;
        this.corpus = corpus;
        this.cacheDir = cacheDir;
        this.maxTexts = maxTexts;
        this.maxLength = maxLength;
        this.progress = progress == null ? s -> { } : progress;
        this.manager = Forward.newManager(model);
    }

    /** E[k kᵀ] at {@code layer}, (dInner, dInner) float32, owned by these statistics. */
    public synchronized NDArray secondMoment(int layer) {
        NDArray c = loaded.get(layer);
        if (c != null) {
            return c;
        }
        Path file = cacheDir == null ? null : cacheDir.resolve(fileName(layer));
        if (file != null && Files.isRegularFile(file)) {
            Map<String, NDArray> t = SafeTensors.read(file, manager);
            c = t.get("mom2");
            if (c == null) {
                throw new EditorException("expected tensor 'mom2' in " + file + ", found " + t.keySet());
            }
            progress.accept("layer " + layer + " statistics loaded from " + file);
        } else {
            double[] countOut = new double[1];
            c = compute(layer, countOut);
            if (file != null) {
                try {
                    Files.createDirectories(cacheDir);
                } catch (java.io.IOException e) {
                    throw new EditorException("cannot create statistics folder " + cacheDir, e);
                }
                try (NDManager scope = manager.newSubManager()) {
                    NDArray count = scope.create(new float[] {(float) countOut[0]}, new Shape(1));
                    SafeTensors.write(file, Map.of("mom2", c, "count", count));
                }
                progress.accept("layer " + layer + " statistics cached in " + file);
            }
        }
        loaded.put(layer, c);
        return c;
    }

    /**
     * (C + ridge · mean(diag C) · I)⁻¹ at {@code layer} in float64, computed once per layer and
     * ridge and kept in memory (ROME's u = C⁻¹k* then costs one matrix-vector product per edit).
     */
    public synchronized NDArray ridgeInverse(int layer, double ridge) {
        String key = "inv/" + layer + "/" + ridge;
        NDArray inv = derived.get(key);
        if (inv == null) {
            inv = regularisedInverse(secondMoment(layer), ridge);
            inv.attach(manager);
            derived.put(key, inv);
        }
        return inv;
    }

    /** (C + ridge · mean(diag C) · I)⁻¹ in float64, on C's manager (the caller owns it). */
    public static NDArray regularisedInverse(NDArray c, double ridge) {
        NDManager owner = c.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray c64 = c.toType(DataType.FLOAT64, true);
            c64.attach(scope);
            double meanDiag = c64.diagonal().mean().getDouble();
            int n = (int) c.getShape().get(0);
            NDArray inv = c64.add(scope.eye(n).toType(DataType.FLOAT64, false).mul(ridge * Math.max(meanDiag, 1e-12)))
                    .inverse();
            inv.attach(owner);
            return inv;
        }
    }

    /**
     * AlphaEdit's projector onto the null space of the preserved-knowledge keys at {@code layer}:
     * P = U₀U₀ᵀ over the eigenvectors of C = E[k kᵀ] whose eigenvalues are at most
     * {@code relativeThreshold} times the largest (Fang et al. 2025, arXiv 2410.02355, section 3;
     * the reference thresholds absolute singular values of a Wikipedia covariance, a scale that a
     * corpus of another size does not share, hence the relative form). (dInner, dInner) float32,
     * computed once per layer and threshold (a symmetric eigendecomposition in float64), cached on
     * disk beside the statistics.
     */
    public synchronized NDArray nullSpaceProjector(int layer, double relativeThreshold) {
        if (!(relativeThreshold > 0 && relativeThreshold < 1)) {
            throw new EditorException("expected a null-space threshold in (0, 1), found " + relativeThreshold);
        }
        String key = "null/" + layer + "/" + relativeThreshold;
        NDArray p = derived.get(key);
        if (p != null) {
            return p;
        }
        Path file = cacheDir == null ? null
                : cacheDir.resolve(fileName(layer).replace(".safetensors", ".null" + relativeThreshold + ".safetensors"));
        if (file != null && Files.isRegularFile(file)) {
            Map<String, NDArray> t = SafeTensors.read(file, manager);
            p = t.get("projector");
            if (p == null) {
                throw new EditorException("expected tensor 'projector' in " + file + ", found " + t.keySet());
            }
            progress.accept("layer " + layer + " null-space projector loaded from " + file);
        } else {
            NDArray c = secondMoment(layer);
            int n = (int) c.getShape().get(0);
            long t0 = System.nanoTime();
            NullSpace.Result r = NullSpace.projector(c.toType(DataType.FLOAT64, false).toDoubleArray(), n,
                    relativeThreshold);
            float[] pf = new float[r.projector().length];
            for (int i = 0; i < pf.length; i++) {
                pf[i] = (float) r.projector()[i];
            }
            p = manager.create(pf, new Shape(n, n));
            progress.accept(String.format("layer %d null space: %d of %d dimensions (eigenvalues <= %.3g x the largest,"
                    + " %.3g), %.1f s", layer, r.dimension(), n, relativeThreshold, r.largest(),
                    (System.nanoTime() - t0) / 1e9));
            if (file != null) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray dim = scope.create(new float[] {r.dimension()}, new Shape(1));
                    SafeTensors.write(file, Map.of("projector", p, "dimension", dim));
                }
            }
        }
        derived.put(key, p);
        return p;
    }

    private NDArray compute(int layer, double[] countOut) {
        List<String> texts = corpus.get();
        if (texts.isEmpty()) {
            throw new EditorException("expected a non-empty text corpus for layer statistics, found none");
        }
        int dInner = model.info().intermediateSize();
        NDArray sum = manager.zeros(new Shape(dInner, dInner), DataType.FLOAT32);
        long tokens = 0;
        List<long[]> batch = new ArrayList<>();
        int used = 0;
        int batchSize = 16;
        for (int i = 0; i < texts.size() && used < maxTexts; i++) {
            long[] ids = model.tokenizer().encode(texts.get(i));
            if (ids.length == 0) {
                continue;
            }
            batch.add(Arrays.copyOf(ids, Math.min(ids.length, Math.min(maxLength, model.info().maxPositions()))));
            used++;
            if (batch.size() == batchSize) {
                tokens += accumulate(layer, batch, sum);
                batch.clear();
                if (used % (batchSize * 16) == 0) {
                    progress.accept("layer " + layer + " statistics: " + used + "/"
                            + Math.min(maxTexts, texts.size()) + " texts, " + tokens + " tokens");
                }
            }
        }
        if (!batch.isEmpty()) {
            tokens += accumulate(layer, batch, sum);
        }
        progress.accept("layer " + layer + " statistics: " + used + " texts, " + tokens + " tokens");
        countOut[0] = tokens;
        NDArray mean = sum.div((float) tokens);
        sum.close();
        return mean;
    }

    /** Adds Σ k kᵀ over the batch's real (unpadded) tokens to {@code sum}; returns the token count. */
    private long accumulate(int layer, List<long[]> rows, NDArray sum) {
        long[] count = new long[1];
        MlpHook reader = (l, key, value) -> {
            for (int b = 0; b < rows.size(); b++) {
                NDArray k = key.get(new NDIndex("{}, :{}", b, rows.get(b).length)).toType(DataType.FLOAT32, false);
                sum.addi(k.transpose().matMul(k));
                count[0] += rows.get(b).length;
            }
            return value;
        };
        try (NDManager scope = Forward.newManager(model)) {
            Forward.logits(model, scope, rows, Map.of(layer, reader));
        }
        return count[0];
    }

    private String fileName(int layer) {
        String name = model.info().name() == null ? "model" : model.info().name().replaceAll("[^A-Za-z0-9._-]", "_");
        return name + ".layer" + layer + "." + hash() + ".safetensors";
    }

    private String hash() {
        if (corpusHash == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update((maxTexts + "/" + maxLength + "\n").getBytes(StandardCharsets.UTF_8));
                List<String> texts = corpus.get();
                for (int i = 0; i < Math.min(texts.size(), maxTexts); i++) {
                    md.update(texts.get(i).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) '\n');
                }
                corpusHash = HexFormat.of().formatHex(md.digest()).substring(0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new EditorException("SHA-256 unavailable", e);
            }
        }
        return corpusHash;
    }

    @Override
    public synchronized void close() {
        loaded.clear();
        derived.clear();
        manager.close();
    }
}
