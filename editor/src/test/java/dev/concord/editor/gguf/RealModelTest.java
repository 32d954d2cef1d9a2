package dev.concord.editor.gguf;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.ChatTemplate;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.model.TransformerModel;
import dev.concord.editor.pull.RealModels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static dev.concord.editor.gguf.GgufFileTest.fixture;
import static dev.concord.editor.gguf.GgufModelTest.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real pretrained models (pulled by {@link RealModels}): SmolLM2-135M-Instruct and Gemma 3 270M.
 * Logits and greedy continuations against the numpy reference run on gguf-py's dequantized weights,
 * tokenizers against independent references on hundreds of strings, K-quant tensors of the real
 * Gemma file against gguf-py's dequantizer (src/test/python/make_gguf_fixtures.py made all of them).
 */
class RealModelTest {

    private static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(fixture(name).toFile());
    }

    /** Logits at the reference's ids for every position: float32 runtime against a float64 reference. */
    private static void assertLogits(TransformerModel model, JsonNode ref, double tolerance) {
        long[] logitIds = ids(ref.get("logit_ids"));
        try (NDManager m = model.newManager()) {
            for (JsonNode prompt : ref.get("prompts")) {
                long[] ids = ids(prompt.get("ids"));
                float[] got = model.forward(m, m.create(ids, new Shape(1, ids.length)), null).toFloatArray();
                int v = model.config().vocabSize();
                for (int t = 0; t < ids.length; t++) {
                    JsonNode pos = prompt.get("positions").get(t);
                    int argmax = 0;
                    double max = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    for (int j = 0; j < v; j++) {
                        float x = got[t * v + j];
                        if (x > max) {
                            max = x;
                            argmax = j;
                        }
                    }
                    for (int j = 0; j < v; j++) {
                        sum += Math.exp(got[t * v + j] - max);
                    }
                    assertEquals(pos.get("argmax").asInt(), argmax, prompt.get("text") + " position " + t);
                    assertEquals(pos.get("logsumexp").asDouble(), max + Math.log(sum), tolerance, "logsumexp at " + t);
                    for (int k = 0; k < logitIds.length; k++) {
                        assertEquals(pos.get("logits").get(k).asDouble(), got[t * v + (int) logitIds[k]], tolerance,
                                prompt.get("text") + " position " + t + " id " + logitIds[k]);
                    }
                }
            }
        }
    }

    @Test
    void smollm2CompletesTheCapitalOfFranceWithParisAndMatchesTheReference() throws IOException {
        JsonNode ref = json("smollm2-logits.json");
        try (TransformerModel model = LanguageModels.load(RealModels.smollm2(), "cpu")) {
            assertEquals("llama", model.info().architecture());
            assertEquals(30, model.info().layers());
            String completion = model.generate("The capital of France is", 8);
            assertTrue(completion.startsWith(" Paris"), completion);
            long[] prompt = ids(ref.get("greedy").get("prompt_ids"));
            assertArrayEquals(prompt, model.tokenizer().encode(ref.get("greedy").get("prompt").asText()));
            assertArrayEquals(ids(ref.get("greedy").get("continuation_ids")), model.greedyIds(prompt, 5));
            assertLogits(model, ref, 2e-3);
            ChatTemplate chat = model.chatTemplate();
            assertEquals("chatml", chat.family());
            assertTrue(chat.prompt("Hi").startsWith("<|im_start|>system\nYou are a helpful AI assistant named SmolLM"));
            long[] chatIds = model.tokenizer().encode(chat.prompt("Hi"));
            assertEquals(1, chatIds[0], "<|im_start|> is one special token");
        }
    }

    @Test
    void autoChoosesAlphaEditForThePretrainedModelAndGraceForASmallRandomOne(@org.junit.jupiter.api.io.TempDir Path dir) {
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.smollm2(), dir.resolve("a"), "cpu")) {
            assertEquals(dev.concord.editor.EditMethod.ALPHAEDIT, ed.defaultMethod());
        }
        try (var ed = dev.concord.editor.KnowledgeEditors.open(fixture("llama-tiny.f32.gguf"), dir.resolve("b"), "cpu")) {
            assertEquals(dev.concord.editor.EditMethod.ALPHAEDIT, ed.defaultMethod(), "any Llama-family model");
        }
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.gemma3(), dir.resolve("g"), "cpu")) {
            assertEquals(dev.concord.editor.EditMethod.ALPHAEDIT, ed.defaultMethod(), "Gemma 3 too");
        }
        dev.concord.editor.model.TinyModels.randomGpt2(dir.resolve("gpt2"), 1,
                dev.concord.editor.model.TinyModels.Sizes.tiny());
        try (var ed = dev.concord.editor.KnowledgeEditors.open(dir.resolve("gpt2"), dir.resolve("c"), "cpu")) {
            assertEquals(dev.concord.editor.EditMethod.GRACE, ed.defaultMethod());
        }
    }

    @Test
    void romeOnSmollm2ChangesTheAnswerAndRollbackRestoresTheWeightsBitForBit(@org.junit.jupiter.api.io.TempDir Path dir) {
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.smollm2(), dir.resolve("log"), "cpu")) {
            java.util.Map<String, float[]> before = new java.util.HashMap<>();
            ed.model().parameters().forEach((k, v) -> {
                if (k.contains("mlp.")) {
                    before.put(k, v.toFloatArray());
                }
            });
            String prompt = "The Eiffel Tower is located in the city of";
            assertTrue(ed.complete(prompt, 3).strip().startsWith("Paris"), "before the edit");
            ed.apply("e1", dev.concord.editor.EditMethod.ROME,
                    java.util.List.of(new dev.concord.editor.FactEdit(prompt, "Eiffel Tower", "Rome")));
            assertTrue(ed.complete(prompt, 3).strip().startsWith("Rome"), "after the edit");
            ed.rollback("e1");
            before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, ed.model().parameters().get(k).toFloatArray()),
                    k + " is bit-identical after rollback")); // Arrays.equals compares the float bits
            assertTrue(ed.complete(prompt, 3).strip().startsWith("Paris"), "after the rollback");
        }
    }

    @Test
    void alphaEditOnSmollm2KeepsBothSequentialEditsAndRollsBackInAnyOrderBitForBit(
            @org.junit.jupiter.api.io.TempDir Path dir) {
        var options = dev.concord.editor.EditorOptions.defaults().withOverrides(java.util.Map.of(
                dev.concord.editor.EditMethod.ALPHAEDIT, java.util.Map.of("layers", "5")));
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.smollm2(), dir.resolve("log"), "cpu", options)) {
            java.util.Map<String, float[]> before = new java.util.HashMap<>();
            ed.model().parameters().forEach((k, v) -> {
                if (k.contains("mlp.down_proj")) {
                    before.put(k, v.toFloatArray());
                }
            });
            String eiffel = "The Eiffel Tower is located in the city of";
            String jordan = "Michael Jordan plays the sport of";
            ed.apply("a1", dev.concord.editor.EditMethod.ALPHAEDIT,
                    java.util.List.of(new dev.concord.editor.FactEdit(eiffel, "Eiffel Tower", "Rome")));
            ed.apply("a2", dev.concord.editor.EditMethod.ALPHAEDIT,
                    java.util.List.of(new dev.concord.editor.FactEdit(jordan, "Michael Jordan", "baseball")));
            assertTrue(ed.complete(eiffel, 3).strip().startsWith("Rome"), "the first edit survives the second");
            assertTrue(ed.complete(jordan, 3).strip().startsWith("baseball"), "the second edit");
            ed.rollback("a1"); // the older one first: the newer was computed against its keys
            assertTrue(ed.complete(jordan, 3).strip().startsWith("baseball"), "the second edit stays");
            ed.rollback("a2");
            before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, ed.model().parameters().get(k).toFloatArray()),
                    k + " is bit-identical after both rollbacks"));
        }
    }

    @Test
    void memoirOnSmollm2HoldsTwoEditsLeavesUnroutedPromptsExactAndSurvivesARestart(
            @org.junit.jupiter.api.io.TempDir Path dir) {
        String eiffel = "The Eiffel Tower is located in the city of";
        String jordan = "Michael Jordan plays the sport of";
        String unrelated = "The capital of Germany is";
        Path log = dir.resolve("log");
        java.util.Map<String, float[]> before = new java.util.HashMap<>();
        double baseline;
        // the statistics cache shared with the other real-model tests (built once per machine)
        var options = dev.concord.editor.EditorOptions.defaults()
                .withStatsDir(RealModels.cache().resolve("smollm2-135m-instruct").resolve("stats"));
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.smollm2(), log, "cpu", options)) {
            ed.model().parameters().forEach((k, v) -> {
                if (k.contains("mlp.")) {
                    before.put(k, v.toFloatArray());
                }
            });
            baseline = ed.model().targetLogProb(unrelated, " Berlin");
            ed.apply("m1", dev.concord.editor.EditMethod.MEMOIR,
                    java.util.List.of(new dev.concord.editor.FactEdit(eiffel, "Eiffel Tower", "Rome")));
            ed.apply("m2", dev.concord.editor.EditMethod.MEMOIR,
                    java.util.List.of(new dev.concord.editor.FactEdit(jordan, "Michael Jordan", "baseball")));
            assertTrue(ed.complete(eiffel, 3).strip().startsWith("Rome"), "the first edit survives the second");
            assertTrue(ed.complete(jordan, 3).strip().startsWith("baseball"), "the second edit");
            // no position of an unrelated prompt routes to the memory: its score is exactly the unedited one
            assertEquals(baseline, ed.model().targetLogProb(unrelated, " Berlin"), 0.0);
        }
        // the memory is rebuilt from the edit log on the next start
        try (var ed = dev.concord.editor.KnowledgeEditors.open(RealModels.smollm2(), log, "cpu", options)) {
            assertTrue(ed.complete(eiffel, 3).strip().startsWith("Rome"), "after a restart");
            ed.rollback("m1");
            assertTrue(ed.complete(jordan, 3).strip().startsWith("baseball"), "the other edit stays");
            assertTrue(ed.complete(eiffel, 3).strip().startsWith("Paris"), "the rolled-back edit is gone");
            ed.rollback("m2");
            before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, ed.model().parameters().get(k).toFloatArray()),
                    k + " was never changed"));
            assertEquals(baseline, ed.model().targetLogProb(unrelated, " Berlin"), 0.0);
        }
    }

    @Test
    void smollm2TokenizerMatchesTheReferenceOn340Strings() throws IOException {
        JsonNode samples = json("smollm2-tokenizer.json");
        assertTrue(samples.size() >= 200);
        TextTokenizer tok = LanguageModels.tokenizer(RealModels.smollm2());
        int checked = 0;
        for (JsonNode s : samples) {
            String text = s.get("text").asText();
            assertArrayEquals(ids(s.get("ids")), tok.encode(text), "ids of " + text);
            assertEquals(text, tok.decode(ids(s.get("ids"))), "decode of " + text);
            checked++;
        }
        assertEquals(samples.size(), checked);
    }

    @Test
    void gemma3SentencePieceTokenizerMatchesTransformersOn340Strings() throws IOException {
        JsonNode samples = json("gemma3-tokenizer.json");
        assertTrue(samples.size() >= 200);
        TextTokenizer tok = LanguageModels.tokenizer(RealModels.gemma3());
        for (JsonNode s : samples) {
            String text = s.get("text").asText();
            long[] want = ids(s.get("ids"));
            assertArrayEquals(want, tok.encode(text), "ids of " + text);
            assertEquals(text, tok.decode(want), "decode of " + text);
        }
    }

    @Test
    void gemma3MatchesTheReferenceLogitsAndContinuation() throws IOException {
        JsonNode ref = json("gemma3-logits.json");
        try (TransformerModel model = LanguageModels.load(RealModels.gemma3(), "cpu")) {
            assertEquals("gemma3", model.info().architecture());
            long[] prompt = ids(ref.get("greedy").get("prompt_ids"));
            assertArrayEquals(prompt, model.tokenizer().encode(ref.get("greedy").get("prompt").asText()),
                    "SentencePiece ids with BOS");
            assertArrayEquals(ids(ref.get("greedy").get("continuation_ids")), model.greedyIds(prompt, 5));
            assertArrayEquals(ids(ref.get("greedy").get("continuation_ids")), model.greedyIds(prompt, 5, false));
            assertLogits(model, ref, 2e-3);
        }
    }

    @Test
    void gemma3KQuantTensorsOfTheRealFileMatchGgufPy() throws IOException {
        JsonNode ref = json("gemma3-ktensors.json");
        Path file = RealModels.gemma3();
        GgufFile g = GgufFile.open(file);
        for (JsonNode t : ref.get("tensors")) {
            GgufFile.TensorInfo info = g.tensor(t.get("name").asText());
            assertEquals(t.get("type").asText(), info.type().name());
            float[] v = g.floats(info);
            double sum = 0;
            double sq = 0;
            for (float x : v) {
                sum += x;
                sq += (double) x * x;
            }
            assertEquals(t.get("sum").asDouble(), sum, 1e-6 * Math.max(1, Math.abs(sq)), info.name());
            assertEquals(t.get("sum_of_squares").asDouble(), sq, 1e-9 * sq, info.name());
            for (int i = 0; i < 512; i++) {
                assertEquals((float) t.get("first").get(i).asDouble(), v[i], 0f, info.name() + " first " + i);
                assertEquals((float) t.get("last").get(i).asDouble(), v[v.length - 512 + i], 0f, info.name() + " last " + i);
            }
        }
    }
}
