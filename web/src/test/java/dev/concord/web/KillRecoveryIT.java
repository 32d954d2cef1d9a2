package dev.concord.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concord.controller.FaultInjector;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.Revision;
import dev.concord.kg.Triple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery with a real kill -9: the packaged server ({@code target/quarkus-app/quarkus-run.jar},
 * H2 file database, the tiny test model with its edit log, and the TDB2 graph, or for two of
 * the boundaries a Neo4j 5 that this test runs in-process) runs as a child JVM and,
 * through the test-only {@code concord.test.pause-at} hook, stops at one step boundary of an
 * edit or a rollback; the test waits for the hook's marker line, kills the process with SIGKILL,
 * starts a new server on the same data folder and checks that the edit ended in exactly one
 * terminal state and that the workflow record, the graph (over SPARQL, and its revision history
 * read from the store once the server has stopped) and the model edit log agree: no edit
 * lost, none applied twice.
 */
class KillRecoveryIT {
    /** The packaged server; the name keeps the test's own reading short. */
    private static final class Server extends dev.concord.web.support.PackagedServer {
        Server(Path jar, List<String> properties, Path log, String adminPassword) throws IOException {
            super(jar, properties, log, adminPassword);
        }
    }

    private static final Path JAR = Path.of(System.getProperty("concord.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final String ADMIN_PASSWORD = "kill-test-admin-password";

    /** Started on first use by a Neo4j case; outlives the killed servers, as a database server does. */
    private static Neo4j neo4j;

    private final List<Server> servers = new ArrayList<>();
    private Path dataDir;
    private String backend;

    @BeforeAll
    static void packagedAppExists() {
        assertTrue(Files.isRegularFile(JAR), "the packaged application is built before the integration tests: " + JAR.toAbsolutePath());
    }

    @AfterEach
    void stopServersAndRemoveData() throws IOException {
        servers.forEach(Server::kill);
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @AfterAll
    static void stopNeo4j() {
        if (neo4j != null) {
            neo4j.close();
            neo4j = null;
        }
    }

    /** A fresh data folder; for Neo4j, the server's graph emptied of everything but the relation schema (so no re-seeding). */
    private void prepare(String backend, String point) throws IOException {
        this.backend = backend;
        dataDir = Files.createTempDirectory("concord-kill-" + backend + "-" + point + "-");
        if (backend.equals("neo4j")) {
            if (neo4j == null) {
                neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
            }
            neo4j.defaultDatabaseService().executeTransactionally("MATCH (n) WHERE NOT n:Relation DETACH DELETE n");
        }
    }

    /** The graph the stopped server left, opened directly. */
    private KnowledgeGraph openGraph() {
        return backend.equals("neo4j")
                ? KnowledgeGraphs.neo4j(neo4j.boltURI().toString(), "neo4j", "harness", null)
                : KnowledgeGraphs.tdb2(dataDir.resolve("kg"));
    }

    // ---------------------------------------------------------------- the crashes

    @ParameterizedTest(name = "{0}, killed at {1}")
    @CsvSource({"tdb2," + FaultInjector.AFTER_RECORD, "tdb2," + FaultInjector.AFTER_KG_COMMIT,
            "tdb2," + FaultInjector.AFTER_KG_RECORDED, "tdb2," + FaultInjector.AFTER_MODEL_EDIT,
            "neo4j," + FaultInjector.AFTER_KG_COMMIT})
    void killedWhileApplyingAnEditIsFinishedExactlyOnceAfterRestart(String backend, String point) throws Exception {
        prepare(backend, point);
        String man = unique("Man");
        String woman = unique("Woman");

        Server first = start(point);
        first.awaitModelReady();
        first.postAsync("/api/edits", Map.of("subject", man, "relation", "wife", "object", woman, "op", "ASSERT"));
        first.awaitPause(point);
        first.killNine();

        Server second = start(null);
        JsonNode edit = onlyEditAbout(second, man);
        long id = edit.get("id").asLong();
        edit = second.awaitDone(id);
        assertEquals("APPLIED", edit.get("status").asText(), "the interrupted edit is applied: " + edit);
        assertEquals("TEACH", edit.at("/model/action").asText());
        assertTrue(edit.at("/model/note").asText().contains("written with GRACE"), "the model step ran: " + edit.at("/model/note"));
        assertTrue(second.ask("e:" + man + " r:wife e:" + woman), "SPARQL sees the fact");
        assertTrue(second.ask("e:" + woman + " r:husband e:" + man), "SPARQL sees the inverse");
        assertEquals(List.of(true), modelEntries(second, "concord-edit-" + id), "exactly one active model edit under the edit's id");
        List<String> kinds = auditKinds(second, id);
        assertEquals(1, count(kinds, "edit.recovering"::equals), "recovered once: " + kinds);
        assertEquals(1, count(kinds, "edit.applied"::equals), "applied once: " + kinds);
        second.stop();

        try (KnowledgeGraph kg = openGraph()) {
            List<Revision> tagged = tagged(kg, "[concord-edit " + id + "]");
            assertEquals(1, tagged.size(), "the KG change is committed exactly once: " + tagged);
            assertEquals(edit.get("kgRevision").asLong(), tagged.get(0).number(), "the recorded revision is the committed one");
            assertTrue(tagged.get(0).changes().added().contains(Triple.of(man, "wife", woman)));
            assertTrue(kg.contains(Triple.of(man, "wife", woman)));
            assertTrue(kg.contains(Triple.of(woman, "husband", man)));
        }
    }

    @ParameterizedTest(name = "{0}, killed at {1}")
    @CsvSource({"tdb2," + FaultInjector.AFTER_ROLLBACK_RECORD, "tdb2," + FaultInjector.AFTER_ROLLBACK_KG_COMMIT,
            "tdb2," + FaultInjector.AFTER_ROLLBACK_KG_RECORDED, "tdb2," + FaultInjector.AFTER_MODEL_UNDO,
            "neo4j," + FaultInjector.AFTER_ROLLBACK_KG_COMMIT})
    void killedWhileRollingBackIsFinishedExactlyOnceAfterRestart(String backend, String point) throws Exception {
        prepare(backend, point);
        String man = unique("Man");
        String woman = unique("Woman");

        Server first = start(point);
        first.awaitModelReady();
        JsonNode applied = first.post("/api/edits", Map.of("subject", man, "relation", "wife", "object", woman, "op", "ASSERT"), 201);
        long id = applied.get("id").asLong();
        assertEquals("APPLIED", applied.get("status").asText());
        assertEquals("DONE", applied.get("step").asText());
        first.postAsync("/api/edits/" + id + "/rollback", Map.of());
        first.awaitPause(point);
        first.killNine();

        Server second = start(null);
        JsonNode edit = second.awaitDone(id);
        assertEquals("ROLLED_BACK", edit.get("status").asText(), "the interrupted rollback is finished: " + edit);
        assertEquals(edit, onlyEditAbout(second, man), "still one edit about the subject");
        assertFalse(second.ask("e:" + man + " r:wife e:" + woman), "SPARQL no longer sees the fact");
        assertFalse(second.ask("e:" + woman + " r:husband e:" + man), "nor its inverse");
        assertEquals(List.of(false), modelEntries(second, "concord-edit-" + id), "the model edit is rolled back, and kept once in the log");
        List<String> kinds = auditKinds(second, id);
        assertEquals(1, count(kinds, "edit.recovering"::equals), "recovered once: " + kinds);
        assertEquals(1, count(kinds, "edit.applied"::equals), kinds.toString());
        assertEquals(1, count(kinds, "edit.rolled-back"::equals), "rolled back once: " + kinds);
        second.stop();

        try (KnowledgeGraph kg = openGraph()) {
            assertEquals(1, tagged(kg, "[concord-edit " + id + "]").size(), "the edit was committed once");
            List<Revision> reverts = tagged(kg, "[concord-rollback " + id + "]");
            assertEquals(1, reverts.size(), "the revert is committed exactly once: " + reverts);
            assertEquals(edit.get("rollbackRevision").asLong(), reverts.get(0).number(), "the recorded revert is the committed one");
            assertFalse(kg.contains(Triple.of(man, "wife", woman)));
            assertFalse(kg.contains(Triple.of(woman, "husband", man)));
        }
    }

    // ---------------------------------------------------------------- checks

    private static String unique(String base) {
        return base + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long count(List<String> values, Predicate<String> p) {
        return values.stream().filter(p).count();
    }

    private static List<Revision> tagged(KnowledgeGraph kg, String tag) {
        return kg.history().stream().filter(r -> r.author().endsWith(tag)).toList();
    }

    /** The one edit whose triple has this subject (the crash happened before the client got its id). */
    private static JsonNode onlyEditAbout(Server s, String subject) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : s.get("/api/edits?limit=1000")) {
            if (subject.equals(e.at("/triples/0/subject").asText())) {
                found.add(e);
            }
        }
        assertEquals(1, found.size(), "exactly one edit about " + subject + ", found " + found);
        return found.get(0);
    }

    /** The active flag of every model-log entry with this id. */
    private static List<Boolean> modelEntries(Server s, String modelId) throws Exception {
        JsonNode model = s.get("/api/model");
        assertEquals("READY", model.get("state").asText(), model.toString());
        List<Boolean> out = new ArrayList<>();
        for (JsonNode r : model.get("log")) {
            if (modelId.equals(r.get("id").asText())) {
                out.add(r.get("active").asBoolean());
            }
        }
        return out;
    }

    private static List<String> auditKinds(Server s, long id) throws Exception {
        List<String> kinds = new ArrayList<>();
        s.get("/api/edits/" + id + "/history").forEach(a -> kinds.add(a.get("kind").asText()));
        return kinds;
    }

    // ---------------------------------------------------------------- the server process

    private Server start(String pauseAt) throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "-Dconcord.data-dir=" + dataDir,
                "-Dconcord.admin-password=" + ADMIN_PASSWORD,
                "-Dconcord.model.enabled=true",
                "-Dconcord.model.demo-size=tiny",
                "-Dconcord.model.name=demo",
                "-Dconcord.model.device=cpu",
                "-Dconcord.model.method=GRACE"));
        if (backend.equals("neo4j")) {
            properties.addAll(List.of("-Dconcord.kg.backend=neo4j", "-Dconcord.kg.neo4j.uri=" + neo4j.boltURI(),
                    "-Dconcord.kg.neo4j.user=neo4j", "-Dconcord.kg.neo4j.password=harness"));
        }
        if (pauseAt != null) {
            properties.add("-Dconcord.test.pause-at=" + pauseAt);
        }
        Path log = Path.of("target", "kill-recovery", dataDir.getFileName() + "-" + (servers.size() + 1) + ".log");
        Server s = new Server(JAR, properties, log, ADMIN_PASSWORD);
        servers.add(s);
        s.awaitReady();
        return s;
    }


}
