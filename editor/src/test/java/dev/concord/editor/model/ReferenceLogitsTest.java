package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.LanguageModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logits of the Java runtime against an independent numpy re-implementation of the HF modelling
 * code (src/test/python/make_fixtures.py), on tiny random checkpoints in the exact HF layout.
 */
class ReferenceLogitsTest {

    static Path fixture(String name) {
        try {
            return Path.of(ReferenceLogitsTest.class.getResource("/fixtures/" + name + "/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tiny", "gpt2-tiny-bf16-sharded", "gptj-tiny", "llama-gqa-tiny", "qwen2-tiny", "mistral-bias-tiny"})
    void logitsAgreeWithTheNumpyReferenceWithin1e4(String name) throws IOException {
        Path dir = fixture(name);
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("logits.json").toFile());
        try (TransformerModel model = LanguageModels.load(dir, "cpu"); NDManager m = model.newManager()) {
            for (int s = 0; s < ref.get("sequences").size(); s++) {
                JsonNode seq = ref.get("sequences").get(s);
                long[] ids = new long[seq.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = seq.get(i).asLong();
                }
                NDArray logits = model.forward(m, m.create(ids, new Shape(1, ids.length)), null);
                JsonNode expected = ref.get("logits").get(s);
                assertEquals(new Shape(1, ids.length, expected.get(0).size()), logits.getShape());
                float[] got = logits.toFloatArray();
                int v = expected.get(0).size();
                double worst = 0;
                for (int t = 0; t < ids.length; t++) {
                    for (int j = 0; j < v; j++) {
                        worst = Math.max(worst, Math.abs(got[t * v + j] - expected.get(t).get(j).asDouble()));
                    }
                }
                assertTrue(worst < 1e-4, name + " sequence " + s + ": max |diff| " + worst);
            }
        }
    }
}
