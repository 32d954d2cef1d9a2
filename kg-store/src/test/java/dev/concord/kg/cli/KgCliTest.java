package dev.concord.kg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI run in-process on a temporary TDB2 store. */
class KgCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = KgCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String store() {
        return dir.resolve("kg").toString();
    }

    @Test
    void seedImportThenStatsQueryAndExport() throws Exception {
        Run imp = run("import", "--seed", "--store", store());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("kg.csv: read 158, imported 155, duplicates 1, skipped 2"), imp.out());
        assertTrue(imp.out().contains("store now at revision 2"), imp.out());

        Run stats = run("stats", "--store", store());
        assertEquals(0, stats.code(), stats.err());
        assertTrue(stats.out().contains("triples:   175"), stats.out());
        assertTrue(stats.out().contains("revision:  2"), stats.out());

        Run table = run("query", "--store", store(), "SELECT ?o WHERE { e:Donald_Trump r:wife ?o }");
        assertEquals(0, table.code(), table.err());
        assertEquals(List.of("o", "-".repeat("e:Melania_Trump".length()), "e:Melania_Trump", "(1 row)"), table.out().lines().toList());

        Run json = run("query", "--store", store(), "--format", "json", "SELECT (COUNT(*) AS ?n) WHERE { ?s r:wife ?o }");
        assertEquals(0, json.code(), json.err());
        assertEquals(20, new ObjectMapper().readTree(json.out()).path("results").path("bindings").get(0).path("n").path("value").asInt());

        Path q = dir.resolve("q.rq");
        Files.writeString(q, "SELECT ?s WHERE { ?s r:born_in e:Honolulu }");
        Run csv = run("query", "--store", store(), "--format", "csv", "@" + q);
        assertEquals(0, csv.code(), csv.err());
        assertEquals("s", csv.out().lines().findFirst().orElseThrow().strip());
        assertTrue(csv.out().contains("Barack_Obama"), csv.out());

        Path nt = dir.resolve("out.nt");
        Run export = run("export", "--store", store(), "--format", "ntriples", "-o", nt.toString());
        assertEquals(0, export.code(), export.err());
        String copy = dir.resolve("copy").toString();
        Run reimport = run("import", "--store", copy, nt.toString());
        assertEquals(0, reimport.code(), reimport.err());
        assertTrue(reimport.out().contains("imported 175"), reimport.out());

        Run turtle = run("export", "--store", store());
        assertEquals(0, turtle.code(), turtle.err());
        assertTrue(turtle.out().contains("PREFIX e: <http://concord.local/entity/>"), turtle.out().substring(0, 300));
    }

    @Test
    void yagoCsvIsDetectedFromItsHeader() throws Exception {
        Path csv = dir.resolve("y.csv");
        Files.writeString(csv, "Head,Relationship,Tail,StartYear,EndYear\nA,playsFor,B,1990,1995\n");
        Run r = run("import", "--store", store(), csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("y.csv: read 1, imported 1"), r.out());
        Run q = run("query", "--store", store(), "--format", "tsv",
                "SELECT ?y WHERE { ?a rdf:reifies <<( e:A r:playsFor e:B )>> ; concord:startYear ?y }");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("\"1990\"^^<http://www.w3.org/2001/XMLSchema#gYear>"), q.out());
    }

    @Test
    void errorsAreOneLineWithExitCodeTwo() throws Exception {
        run("import", "--seed", "--store", store());
        for (String[] args : List.of(
                new String[] {"query", "--store", store(), "SELECT ?s WHERE { ?s ?p }"},
                new String[] {"query", "--store", store(), "DELETE WHERE { ?s ?p ?o }"},
                new String[] {"query", "--store", store(), "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"},
                new String[] {"import", "--store", store(), dir.resolve("missing.csv").toString()},
                new String[] {"import", "--store", store()},
                new String[] {"stats", "--store", dir.resolve("nothing-here").toString()},
                new String[] {"export", "--store", store(), "--format", "rdfxml"},
                new String[] {"query", "--store", store(), "--bogus-option", "x"})) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(r.err().isBlank());
        }
        Path bad = dir.resolve("bad.nt");
        Files.writeString(bad, "<http://concord.local/entity/A> <http://concord.local/relation/r> .\n");
        Run r = run("import", "--store", store(), bad.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("concord kg: bad.nt: not valid ntriples"), r.err());
        Run stats = run("stats", "--store", store());
        assertTrue(stats.out().contains("triples:   175"), "failed commands changed nothing: " + stats.out());
    }

    @Test
    void helpIsAvailableOnEachCommand() {
        for (String cmd : List.of("import", "export", "query", "stats")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: concord kg " + cmd), r.out());
            assertTrue(r.out().contains("--store"), r.out());
        }
        Run top = run("--help");
        assertTrue(top.out().contains("import") && top.out().contains("stats"), top.out());
    }
}
