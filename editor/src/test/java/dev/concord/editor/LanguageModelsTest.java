package dev.concord.editor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.io.SafeTensors;
import dev.concord.editor.model.TinyModels;
import dev.concord.editor.model.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class LanguageModelsTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path tiny(String name) {
        return TinyModels.randomGpt2(tmp.resolve(name), 3, TinyModels.Sizes.tiny());
    }

    private static void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(c);
        JSON.writeValue(dir.resolve("config.json").toFile(), c);
    }

    @Test
    void missingFolderIsAClearError() {
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(tmp.resolve("nope"), "cpu"));
        assertTrue(e.getMessage().contains("expected a model folder"), e.getMessage());
    }

    @Test
    void missingWeightsAreAClearError() throws IOException {
        Path dir = tiny("noweights");
        Files.delete(dir.resolve("model.safetensors"));
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(dir, "cpu"));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void unsupportedArchitectureNamesWhatWasFound() throws IOException {
        Path dir = tiny("falcon");
        editConfig(dir, c -> c.put("model_type", "falcon"));
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(dir, "cpu"));
        assertEquals("unsupported architecture: expected model_type gpt2, gptj, llama, qwen2, mistral or gemma3_text but found 'falcon'",
                e.getMessage());
    }

    @Test
    void shapeMismatchSaysExpectedAndFound() throws IOException {
        Path dir = tiny("shape");
        editConfig(dir, c -> c.put("n_inner", 96));
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(dir, "cpu"));
        assertEquals("shape mismatch for transformer.h.0.mlp.c_fc.weight: expected (96, 32) from config.json but found (64, 32)",
                e.getMessage());
    }

    @Test
    void tokenizerLargerThanTheConfigVocabularyIsRefused() throws IOException {
        Path dir = tiny("vocab");
        editConfig(dir, c -> c.put("vocab_size", 260));
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(dir, "cpu"));
        assertEquals("tokenizer.json has 284 tokens but config.json vocab_size is 260; expected at most vocab_size",
                e.getMessage());
    }

    @Test
    void unknownDeviceIsRefused() {
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.device("tpu"));
        assertEquals("expected device cpu, gpu or auto but found 'tpu'", e.getMessage());
        assertEquals("cpu()", LanguageModels.device("auto").toString()); // no CUDA in this build
    }

    @Test
    void saveWritesTheCheckpointLayoutBackAndReloadsToTheSameLogits() throws IOException {
        Path dir = tiny("orig");
        Path copy = tmp.resolve("copy");
        try (TransformerModel model = LanguageModels.load(dir, "cpu")) {
            model.save(copy);
        }
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Map<String, NDArray> a = SafeTensors.read(dir.resolve("model.safetensors"), m);
            Map<String, NDArray> b = SafeTensors.read(copy.resolve("model.safetensors"), m);
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertEquals(a.get(k).getShape(), b.get(k).getShape(), k);   // Conv1D (in, out) kept
                assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
            }
        }
        assertEquals(Files.readString(dir.resolve("tokenizer.json")), Files.readString(copy.resolve("tokenizer.json")));
        try (TransformerModel x = LanguageModels.load(dir, "cpu"); TransformerModel y = LanguageModels.load(copy, "cpu");
             NDManager m = x.newManager()) {
            NDArray ids = m.create(new long[]{1, 50, 99, 7}, new Shape(1, 4));
            assertArrayEquals(x.forward(m, ids, null).toFloatArray(), y.forward(m, ids, null).toFloatArray(), 0f);
            assertEquals(x.generate("The capital of", 5), y.generate("The capital of", 5));
        }
    }

    @Test
    void bfloat16SaveReloadsWithinBfloat16Precision() {
        Path dir = tiny("bf");
        Path copy = tmp.resolve("bf16");
        try (TransformerModel model = LanguageModels.load(dir, "cpu")) {
            model.save(copy, DataType.BFLOAT16);
        }
        assertEquals("BF16", SafeTensors.describe(copy.resolve("model.safetensors")).get("transformer.wte.weight").dtype());
        try (TransformerModel x = LanguageModels.load(dir, "cpu"); TransformerModel y = LanguageModels.load(copy, "cpu");
             NDManager m = x.newManager()) {
            NDArray ids = m.create(new long[]{1, 50, 99, 7}, new Shape(1, 4));
            float[] a = x.forward(m, ids, null).toFloatArray();
            float[] b = y.forward(m, ids, null).toFloatArray();
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst > 0 && worst < 5e-3, "max |diff| " + worst);
        }
    }

    @Test
    void shardedCheckpointLoadsLikeTheSingleFile() throws IOException {
        Path dir = tiny("single");
        Path sharded = tmp.resolve("sharded");
        Files.createDirectories(sharded);
        for (String f : new String[]{"config.json", "tokenizer.json"}) {
            Files.copy(dir.resolve(f), sharded.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Map<String, NDArray> all = SafeTensors.read(dir.resolve("model.safetensors"), m);
            Map<String, NDArray> one = new java.util.TreeMap<>();
            Map<String, NDArray> two = new java.util.TreeMap<>();
            int i = 0;
            for (var e : new java.util.TreeMap<>(all).entrySet()) {
                String shard = (i++ % 2 == 0) ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                (shard.contains("00001-of") ? one : two).put(e.getKey(), e.getValue());
                index.append(i > 1 ? "," : "").append('"').append(e.getKey()).append("\":\"").append(shard).append('"');
            }
            SafeTensors.write(sharded.resolve("model-00001-of-00002.safetensors"), one);
            SafeTensors.write(sharded.resolve("model-00002-of-00002.safetensors"), two);
        }
        Files.writeString(sharded.resolve(SafeTensors.INDEX_FILE), index.append("}}").toString());
        try (Stream<Path> files = Files.list(sharded)) {
            assertEquals(5, files.count());
        }
        try (TransformerModel x = LanguageModels.load(dir, "cpu"); TransformerModel y = LanguageModels.load(sharded, "cpu");
             NDManager m = x.newManager()) {
            NDArray ids = m.create(new long[]{4, 8, 15, 16}, new Shape(1, 4));
            assertArrayEquals(x.forward(m, ids, null).toFloatArray(), y.forward(m, ids, null).toFloatArray(), 0f);
        }
    }

    @Test
    void outOfRangeTokenIdsAreRefused() {
        try (TransformerModel x = LanguageModels.load(tiny("ids"), "cpu"); NDManager m = x.newManager()) {
            EditorException e = assertThrows(EditorException.class,
                    () -> x.forward(m, m.create(new long[]{1, 300}, new Shape(1, 2)), null));
            assertEquals("expected token ids in [0, 300) but found [1, 300]", e.getMessage());
        }
    }
}
