package dev.concord.editor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class EditorCliTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        return run(EditorCli.commandLine(), args);
    }

    static Run run(CommandLine cl, String... args) {
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = cl.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(EditorCliTest.class.getResource("/fixtures/" + name + "/config.json").toURI()).getParent();
    }

    @Test
    void logitsPrintsEveryPositionAsJsonMatchingTheReference() throws Exception {
        Path dir = fixture("gpt2-tiny");
        Run r = run("logits", "--model", dir.toString(), "--ids", "3,17,200");
        assertEquals(0, r.exit(), r.err());
        JsonNode got = new ObjectMapper().readTree(r.out());
        // the reference sequence starts with 3,17,200: causal logits of a prefix are the prefix's logits
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("logits.json").toFile()).get("logits").get(0);
        assertEquals(3, got.size());
        for (int t = 0; t < 3; t++) {
            assertEquals(260, got.get(t).size());
            for (int j = 0; j < 260; j++) {
                assertEquals(ref.get(t).get(j).asDouble(), got.get(t).get(j).asDouble(), 1e-4);
            }
        }
    }

    @Test
    void generatePrintsPromptAndCompletion() throws Exception {
        Run r = run("generate", "--model", fixture("llama-gqa-tiny").toString(), "--prompt", "the theory", "--max-tokens", "3",
                "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("the theory"), r.out());
    }

    @Test
    void missingModelIsAOneLineErrorWithExitStatus2() {
        Run r = run("logits", "--model", tmp.resolve("absent").toString(), "--ids", "1,2");
        assertEquals(2, r.exit());
        assertEquals("error: expected a model folder or a .gguf file at " + tmp.resolve("absent") + " but found neither",
                r.err().strip());
    }

    @Test
    void unsupportedArchitectureIsAOneLineError() throws Exception {
        Path dir = tmp.resolve("bert");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"bert\"}");
        Run r = run("generate", "--model", dir.toString(), "--prompt", "x");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("found 'bert'"), r.err());
    }

    @Test
    void badOptionsGiveUsageAndExitStatus2() {
        Run r = run("logits", "--model", "x", "--ids", "a,b");
        assertEquals(2, r.exit());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
