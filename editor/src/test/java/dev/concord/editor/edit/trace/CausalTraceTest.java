package dev.concord.editor.edit.trace;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.model.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Causal tracing on the tiny random Llama: the restoration experiment's invariants and the heat map file. */
class CausalTraceTest {

    static Path model() throws URISyntaxException {
        return Path.of(CausalTraceTest.class.getResource("/fixtures/gguf/llama-tiny.f32.gguf").toURI());
    }

    @Test
    void withoutNoiseEveryCellIsTheCleanProbability() throws Exception {
        try (TransformerModel m = LanguageModels.load(model(), "cpu")) {
            CausalTrace.Result r = CausalTrace.run(m, "Hello, the theory is", "the theory", 2, 0.0, 1, 1L, s -> { });
            assertEquals(r.clean(), r.corrupted(), 1e-6);
            for (double[] layer : r.restored()) {
                for (double v : layer) {
                    assertEquals(r.clean(), v, 1e-5);
                }
            }
            assertEquals(m.info().layers(), r.restored().length);
            assertEquals(r.tokens().size(), r.restored()[0].length);
            assertEquals("the theory", String.join("", r.tokens().subList(r.subjectFrom(), r.subjectTo() + 1)).strip());
        }
    }

    @Test
    void noiseChangesTheAnswerDeterministicallyPerSeedAndTheHeatMapIsWritten(@TempDir Path dir)
            throws Exception {
        try (TransformerModel m = LanguageModels.load(model(), "cpu")) {
            CausalTrace.Result r = CausalTrace.run(m, "Hello, the theory is", "the theory", 2, 3.0, 1, 7L, s -> { });
            assertNotEquals(r.clean(), r.corrupted(), "the noise changes the answer's probability");
            // a window as deep as the model restores every MLP of a token together; the noise is the same
            CausalTrace.Result all = CausalTrace.run(m, "Hello, the theory is", "the theory", 2, 3.0,
                    2 * m.info().layers(), 7L, s -> { });
            assertEquals(r.corrupted(), all.corrupted(), 1e-9, "same seed, same noise");
            Path png = dir.resolve("trace.png");
            TracePlot.write(png, r, "tiny");
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img.getWidth() > 170 + 18 * m.info().layers() && img.getHeight() > 60 + 22 * r.tokens().size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
