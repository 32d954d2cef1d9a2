package dev.concord.interpreter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InterpretCliTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new InterpretCli());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("interpret: " + e.getMessage());
            return 2;
        });
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsTheInterpretationAsJson() throws Exception {
        Run r = run("--rules", "Who", "is", "the", "mother", "of", "Hillary", "Clinton?");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode node = new ObjectMapper().readTree(r.out());
        assertEquals("QUERY", node.path("intent").asText());
        assertEquals("Hillary_Clinton", node.path("triples").get(0).path("subject").asText());
        assertEquals("mother", node.path("triples").get(0).path("relation").asText());
        assertTrue(node.path("triples").get(0).path("object").isNull());
        assertEquals("rules", node.path("interpreter").asText());
    }

    @Test
    void evaluatesAFileAndListsTheMisses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eval.jsonl");
        Files.writeString(file, """
                {"text":"Melania Trump was born in Slovenia.","intent":"EDIT","triples":[["Melania_Trump","born_in","Slovenia"]]}
                {"text":"Melania Trump was born in Slovenia.","intent":"EDIT","triples":[["Melania_Trump","born_in","Ljubljana"]]}
                """);
        Run r = run("--rules", "--eval", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("exact match \\(all\\)\\s+1\\s+2\\s+50\\.0%")), r.out());
        assertTrue(r.out().contains("misses (1)"), r.out());
    }

    @Test
    void usesAGivenKnowledgeGraphForLinking(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("kg.csv");
        Files.writeString(csv, "head,relation,tail\nAda_Lovelace,born_in,London\n");
        Run r = run("--rules", "--kg-csv", csv.toString(), "ada lovelace was born in london");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode t = new ObjectMapper().readTree(r.out()).path("triples").get(0);
        assertEquals("Ada_Lovelace", t.path("subject").asText());
        assertEquals("London", t.path("object").asText());
    }

    @Test
    void aMissingFileIsAClearErrorWithoutAStackTrace() {
        Run r = run("--rules", "--kg-csv", "/no/such/kg.csv", "x");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("expected a knowledge-graph CSV at /no/such/kg.csv"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
