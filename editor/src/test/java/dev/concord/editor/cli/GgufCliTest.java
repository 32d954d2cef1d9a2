package dev.concord.editor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.pull.RealModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line on GGUF models: logits, tokenize, generate; model pull, list, export. */
class GgufCliTest {

    @TempDir
    Path tmp;

    static Path gguf(String name) throws URISyntaxException {
        return Path.of(GgufCliTest.class.getResource("/fixtures/gguf/" + name).toURI());
    }

    static EditorCliTest.Run model(String... args) {
        return EditorCliTest.run(ModelCli.commandLine(), args);
    }

    @Test
    void logitsOfAGgufFileMatchTheNumpyReference() throws Exception {
        EditorCliTest.Run r = EditorCliTest.run("logits", "--model", gguf("llama-tiny.q8_0.gguf").toString(),
                "--ids", "3,17,200");
        assertEquals(0, r.exit(), r.err());
        JsonNode got = new ObjectMapper().readTree(r.out());
        JsonNode ref = new ObjectMapper().readTree(gguf("llama-tiny-logits.json").toFile())
                .get("llama-tiny.q8_0.gguf").get(0);
        assertEquals(3, ref.get("ids").get(0).asInt() == 3 ? 3 : -1, "the reference starts with 3, 17, 200");
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < 260; j++) {
                assertEquals(ref.get("logits").get(t).get(j).asDouble(), got.get(t).get(j).asDouble(), 1e-4);
            }
        }
    }

    @Test
    void tokenizePrintsTheRealModelsIdsAsJson() {
        EditorCliTest.Run r = EditorCliTest.run("tokenize", "--model", RealModels.smollm2().toString(),
                "The capital of France is");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[504,3575,282,4649,314]", r.out().strip());
    }

    @Test
    void generateCompletesWithParis() {
        EditorCliTest.Run r = EditorCliTest.run("generate", "--model", RealModels.smollm2().toString(),
                "--prompt", "The capital of France is", "--max-tokens", "4", "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("The capital of France is Paris"), r.out());
    }

    @Test
    void aCorruptFileIsOneClearErrorLine() throws Exception {
        Path bad = Files.write(tmp.resolve("bad.gguf"), "GGML this is not a model".getBytes());
        EditorCliTest.Run r = EditorCliTest.run("tokenize", "--model", bad.toString(), "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: GGUF file " + bad) && r.err().contains("expected magic 'GGUF'"), r.err());
        assertTrue(!r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void pullListAndExportThroughTheModelCommand() throws Exception {
        Path data = tmp.resolve("data");
        EditorCliTest.Run pull = model("pull", "smollm2-135m-instruct", "--from", RealModels.smollm2().toString(),
                "--data-dir", data.toString());
        assertEquals(0, pull.exit(), pull.err());
        EditorCliTest.Run list = model("list", "--data-dir", data.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("smollm2-135m-instruct") && l.contains("pulled")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("gemma3-270m") && l.contains("model pull gemma3-270m")),
                list.out());
        Path out = tmp.resolve("tiny-export.gguf");
        EditorCliTest.Run export = model("export", "--format", "gguf", "--out", out.toString(),
                "--model", gguf("llama-tiny.f16.gguf").toString(), "--data-dir", data.toString());
        assertEquals(0, export.exit(), export.err());
        assertEquals(out.toAbsolutePath().toString(), export.out().strip());
        dev.concord.editor.gguf.GgufFile copy = dev.concord.editor.gguf.GgufFile.open(out);
        dev.concord.editor.gguf.GgufFile base = dev.concord.editor.gguf.GgufFile.open(gguf("llama-tiny.f16.gguf"));
        assertEquals("", copy.string("concord.edits"), "no edits in a fresh log");
        for (var t : base.tensors().values()) {
            assertEquals(t.type(), copy.tensor(t.name()).type(), "unedited tensors are copied as they were: " + t.name());
        }
        EditorCliTest.Run badFormat = model("export", "--format", "onnx", "--out", out.toString(),
                "--model", gguf("llama-tiny.f16.gguf").toString(), "--data-dir", data.toString());
        assertEquals(2, badFormat.exit());
        assertTrue(badFormat.err().contains("expected --format gguf or safetensors but found 'onnx'"), badFormat.err());
    }
}
