package dev.concord.editor.gguf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.export.ModelExport;
import dev.concord.editor.model.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.concord.editor.gguf.GgufFileTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GGUF models through the runtime: tiny random Llama and Qwen2 files written by gguf-py (q/k rows
 * permuted as llama.cpp's converter does, 2-D weights in F32, F16 or Q8_0) give the logits of the
 * numpy reference run on gguf-py's dequantized, unpermuted weights; the KV cache decodes the same
 * tokens as full re-runs; the tokenizer from the metadata matches the Python BPE reference; an
 * export writes a GGUF that loads back with the edit in it.
 */
class GgufModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama-tiny.f32.gguf", "llama-tiny.f16.gguf", "llama-tiny.q8_0.gguf", "qwen2-tiny.f32.gguf"})
    void logitsAgreeWithTheNumpyReference(String file) throws IOException {
        JsonNode ref = new ObjectMapper().readTree(fixture("llama-tiny-logits.json").toFile()).get(file);
        try (TransformerModel model = LanguageModels.load(fixture(file), "cpu"); NDManager m = model.newManager()) {
            for (JsonNode seq : ref) {
                long[] ids = ids(seq.get("ids"));
                float[] got = model.forward(m, m.create(ids, new Shape(1, ids.length)), null).toFloatArray();
                int v = seq.get("logits").get(0).size();
                double worst = 0;
                for (int t = 0; t < ids.length; t++) {
                    for (int j = 0; j < v; j++) {
                        worst = Math.max(worst, Math.abs(got[t * v + j] - seq.get("logits").get(t).get(j).asDouble()));
                    }
                }
                assertTrue(worst < 1e-4, file + ": max |diff| " + worst);
            }
        }
    }

    static long[] ids(JsonNode a) {
        long[] ids = new long[a.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = a.get(i).asLong();
        }
        return ids;
    }

    @Test
    void kvCacheDecodesTheSameTokensAsFullReruns() {
        try (TransformerModel model = LanguageModels.load(fixture("llama-tiny.f32.gguf"), "cpu")) {
            long[] prompt = {3, 17, 200, 42, 7};
            long[] cached = model.greedyIds(prompt, 20, true);
            long[] full = model.greedyIds(prompt, 20, false);
            assertArrayEquals(full, cached);
            try (LanguageModel.Decoder d = model.decoder(null); NDManager m = model.newManager()) {
                float[] step = d.step(new long[]{3, 17});
                step = d.step(new long[]{200});
                step = d.step(new long[]{42, 7});
                float[] all = model.forward(m, m.create(prompt, new Shape(1, prompt.length)), null).toFloatArray();
                int v = step.length;
                for (int j = 0; j < v; j++) {
                    assertEquals(all[(prompt.length - 1) * v + j], step[j], 1e-4f, "logit " + j);
                }
                assertEquals(5, d.length());
            }
        }
    }

    @Test
    void tokenizerFromMetadataMatchesThePythonBpeReference() throws IOException {
        JsonNode samples = new ObjectMapper().readTree(GgufModelTest.class.getResource("/fixtures/tokenizer-samples.json"));
        var tok = LanguageModels.tokenizer(fixture("llama-tiny.f32.gguf"));
        for (JsonNode s : samples) {
            assertArrayEquals(ids(s.get("ids")), tok.encode(s.get("text").asText()), s.get("text").asText());
            assertEquals(s.get("text").asText(), tok.decode(ids(s.get("ids"))));
        }
    }

    @Test
    void unpermuteInvertsTheConverterPermutation() {
        float[] hf = new float[8 * 3];
        for (int i = 0; i < hf.length; i++) {
            hf[i] = i;
        }
        long[] shape = {8, 3};
        float[] gguf = GgufModels.permute(hf, shape, 2);
        // head 0 rows (hd 4): HF [r0, r1 | r2, r3] -> llama.cpp pairs [r0, r2, r1, r3]
        assertArrayEquals(new float[]{0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11}, java.util.Arrays.copyOf(gguf, 12));
        assertArrayEquals(hf, GgufModels.unpermute(gguf, shape, 2));
    }

    @Test
    void refusesAnUnknownArchitectureWithAClearError(@TempDir Path dir) {
        Path f = dir.resolve("mamba.gguf");
        new GgufWriter().putString("general.architecture", "mamba").write(f);
        EditorException e = assertThrows(EditorException.class, () -> LanguageModels.load(f, "cpu"));
        assertTrue(e.getMessage().contains("unsupported architecture") && e.getMessage().contains("mamba")
                && e.getMessage().contains(f.toString()), e.getMessage());
    }

    /** Logits of a GGUF file computed by src/test/python/gguf_logits.py (gguf-py + the numpy reference). */
    static JsonNode pythonLogits(Path file, long[] ids) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (long id : ids) {
            csv.append(csv.length() == 0 ? "" : ",").append(id);
        }
        Process p = new ProcessBuilder("python3", "src/test/python/gguf_logits.py", file.toString(), csv.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            assertEquals(0, p.waitFor(), "python3 gguf_logits.py failed; the tests need the packages of"
                    + " editor/src/test/python/requirements.txt (pip install -r; .ci/run installs them)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new ObjectMapper().readTree(out);
    }

    @Test
    void safetensorsExportIsAHuggingFaceFolderThatLoadsAsTheSameModel(@TempDir Path dir) throws IOException {
        Path base = fixture("llama-tiny.q8_0.gguf");
        Path out = dir.resolve("hf");
        long[] probe = {3, 17, 200, 42};
        float[] live;
        try (KnowledgeEditor ed = KnowledgeEditors.open(base, dir.resolve("log"), "cpu")) {
            ed.apply("e1", EditMethod.FT_L, List.of(new FactEdit("the theory is", "the theory", "the world")));
            TransformerModel m = (TransformerModel) ((dev.concord.editor.edit.EditedModel) ed.model()).base();
            try (NDManager nd = m.newManager()) {
                live = m.forward(nd, nd.create(probe, new Shape(1, probe.length)), null).toFloatArray();
            }
            ModelExport.export(ed, base, "safetensors", out, GgmlType.F32, line -> { });
        }
        assertTrue(Files.isRegularFile(out.resolve("config.json")) && Files.isRegularFile(out.resolve("tokenizer.json")));
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("llama", config.get("model_type").asText());
        try (TransformerModel back = LanguageModels.load(out, "cpu"); NDManager nd = back.newManager()) {
            assertArrayEquals(live, back.forward(nd, nd.create(probe, new Shape(1, probe.length)), null).toFloatArray(), 1e-5f);
            assertArrayEquals(LanguageModels.tokenizer(base).encode("Hello, the world!"), back.tokenizer().encode("Hello, the world!"));
        }
    }

    @Test
    void exportWritesTheEditedTensorsAndLoadsBack(@TempDir Path dir) throws IOException {
        Path base = fixture("llama-tiny.q8_0.gguf");
        byte[] before = Files.readAllBytes(base);
        Path out = dir.resolve("edited.gguf");
        long[] probe = {3, 17, 200, 42};
        float[] edited;
        try (KnowledgeEditor ed = KnowledgeEditors.open(base, dir.resolve("log"), "cpu")) {
            ed.apply("e1", EditMethod.FT_L, List.of(new FactEdit("the theory is", "the theory", "the world")));
            TransformerModel live = (TransformerModel) ((dev.concord.editor.edit.EditedModel) ed.model()).base();
            try (NDManager m = live.newManager()) {
                edited = live.forward(m, m.create(probe, new Shape(1, probe.length)), null).toFloatArray();
            }
            ModelExport.Result r = ModelExport.export(ed, base, "gguf", out, GgmlType.F32, line -> { });
            assertFalse(r.rewritten().isEmpty(), "the edit changed some tensor");
            assertEquals(List.of("e1"), r.weightEdits());
        }
        assertArrayEquals(before, Files.readAllBytes(base), "the base file is never modified");
        GgufFile g = GgufFile.open(out);
        assertEquals("e1", g.string("concord.edits"));
        assertEquals(GgmlType.Q8_0, g.tensor("blk.0.attn_q.weight").type(), "untouched tensors keep their type");
        try (TransformerModel back = LanguageModels.load(out, "cpu"); NDManager m = back.newManager()) {
            float[] got = back.forward(m, m.create(probe, new Shape(1, probe.length)), null).toFloatArray();
            assertArrayEquals(edited, got, 1e-5f);
        }
        // llama.cpp's own reader (gguf-py) and the numpy reference see the edited model in the exported file
        JsonNode py = pythonLogits(out, probe);
        int v = py.get(0).size();
        for (int t = 0; t < probe.length; t++) {
            for (int j = 0; j < v; j++) {
                assertEquals(py.get(t).get(j).asDouble(), edited[t * v + j], 1e-4, "gguf-py logit " + t + "," + j);
            }
        }
        try (TransformerModel orig = LanguageModels.load(base, "cpu"); NDManager m = orig.newManager()) {
            float[] was = orig.forward(m, m.create(probe, new Shape(1, probe.length)), null).toFloatArray();
            assertNotEquals(was[was.length - 1], edited[edited.length - 1], "the probe sees the edit");
        }
    }
}
