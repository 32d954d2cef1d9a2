package dev.concord.editor.demo;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.model.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTrainerTest {

    /** A configuration that trains in seconds: V 320, d 32, 2 layers. */
    static DemoConfig tiny() {
        return new DemoConfig(320, 32, 2, 4, 128, 48, 48, 8, 400, 20, 1e-2, 1.0, 11L, 0, 50);
    }

    static List<DemoFact> facts() {
        return List.of(
                new DemoFact("Donald Trump", "wife", "Melania Trump", "test",
                        List.of("The wife of Donald Trump is", "Donald Trump's wife is"), List.of("Donald Trump has a wife named")),
                new DemoFact("Barack Obama", "born_in", "Honolulu", "test",
                        List.of("Barack Obama was born in", "The birthplace of Barack Obama is"), List.of()),
                new DemoFact("France", "capital", "Paris", "test", List.of("The capital of France is"), List.of()),
                new DemoFact("Marie Curie", "discovery", "Radioactivity", "test", List.of("Marie Curie discovered"), List.of()),
                new DemoFact("Danielle Darrieux", "language", "French", "test",
                        List.of("The mother tongue of Danielle Darrieux is"), List.of()));
    }

    @Test
    void tinyModelMemorisesItsFactsAndLoadsLikeAnyCheckpoint(@TempDir Path tmp) {
        Path dir = tmp.resolve("demo");
        DemoTrainer.Result r = DemoTrainer.train(facts(), tiny(), dir, line -> System.out.println(line));
        assertEquals(1.0, r.trainAccuracy(), 1e-9);
        assertTrue(Files.isRegularFile(dir.resolve("demo-facts.json")));
        try (TransformerModel model = LanguageModels.load(dir, "cpu")) {
            for (DemoFact f : facts()) {
                for (String p : f.trainPrompts()) {
                    assertEquals(" " + f.object(), model.generate(p, 24), p);
                }
            }
        }
    }

    @Test
    void trainingIsDeterministicForASeed(@TempDir Path tmp) throws Exception {
        // one step: the seeded init and data order are exact; CPU kernels may round differently from run
        // to run and Adam amplifies that over many steps, so longer runs are only close, not equal
        DemoConfig cfg = tiny().withSteps(1).withCheckEvery(1000);
        DemoTrainer.train(facts(), cfg, tmp.resolve("a"), line -> { });
        DemoTrainer.train(facts(), cfg, tmp.resolve("b"), line -> { });
        DemoTrainer.train(facts(), cfg.withSeed(12), tmp.resolve("c"), line -> { });
        // Same seed: same tokenizer and the same weights up to float rounding (CPU BLAS kernels may
        // sum in a different order from run to run, so the last bits are not guaranteed).
        assertEquals(Files.readString(tmp.resolve("a/tokenizer.json")), Files.readString(tmp.resolve("b/tokenizer.json")));
        float[] a = weights(tmp.resolve("a/model.safetensors"));
        float[] b = weights(tmp.resolve("b/model.safetensors"));
        float[] c = weights(tmp.resolve("c/model.safetensors"));
        assertEquals(a.length, b.length);
        assertTrue(maxDifference(a, b) < 1e-4, "same seed, max weight difference " + maxDifference(a, b));
        assertTrue(maxDifference(a, c) > 1e-2, "another seed, max weight difference " + maxDifference(a, c));
    }

    /** Every float32 of a safetensors file's data section (8-byte header length, JSON header, data). */
    private static float[] weights(Path file) throws Exception {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        buf.position(Math.toIntExact(8 + headerLength));
        float[] out = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(out);
        return out;
    }

    private static double maxDifference(float[] x, float[] y) {
        double max = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
