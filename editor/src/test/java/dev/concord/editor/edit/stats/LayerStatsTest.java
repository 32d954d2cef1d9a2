package dev.concord.editor.edit.stats;

import ai.djl.ndarray.NDArray;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.edit.Forward;
import dev.concord.editor.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerStatsTest {
    private static final List<String> TEXTS = List.of("The capital of France is Paris.",
            "Barack Obama was born in Honolulu.", "Albert Einstein developed the theory of relativity.", "the of is");

    @TempDir
    static Path tmp;
    static LanguageModel model;

    @BeforeAll
    static void load() {
        model = LanguageModels.load(TinyModels.randomGpt2(tmp.resolve("m"), 3, TinyModels.Sizes.tiny()), "cpu");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** E[k kᵀ] computed directly in doubles from keys read one text at a time, every position. */
    private static double[][] direct(int layer) {
        int di = model.info().intermediateSize();
        double[][] sum = new double[di][di];
        long n = 0;
        for (String text : TEXTS) {
            long[] ids = model.tokenizer().encode(text);
            for (int pos = 0; pos < ids.length; pos++) {
                float[] k = Forward.keysAt(model, List.of(ids), new int[] {pos}, layer, null)[0];
                for (int i = 0; i < di; i++) {
                    for (int j = 0; j < di; j++) {
                        sum[i][j] += (double) k[i] * k[j];
                    }
                }
                n++;
            }
        }
        for (double[] row : sum) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= n;
            }
        }
        return sum;
    }

    @Test
    void secondMomentEqualsDirectComputationAndIsCachedOnDisk() {
        Path cache = tmp.resolve("stats");
        List<String> progress = new ArrayList<>();
        double[][] expected = direct(1);
        float[] flat = new float[expected.length * expected.length];
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                flat[i * expected.length + j] = (float) expected[i][j];
            }
        }
        float[] computed;
        try (LayerStats stats = new LayerStats(model, () -> TEXTS, cache, 100, 64, progress::add)) {
            NDArray c = stats.secondMoment(1);
            computed = c.toFloatArray();
            assertArrayEquals(flat, computed, 1e-5f);
        }
        assertTrue(Files.exists(cache), "cache folder written");
        // a second instance reads the cached file instead of recomputing (the corpus is not consulted)
        try (LayerStats again = new LayerStats(model, () -> TEXTS, cache, 100, 64, progress::add)) {
            assertArrayEquals(computed, again.secondMoment(1).toFloatArray(), 0f);
        }
        assertTrue(progress.stream().anyMatch(s -> s.contains("loaded from")), "second read comes from the cache");
        assertEquals(1, progress.stream().filter(s -> s.contains("statistics: ")).count(), "computed only once");
    }
}
