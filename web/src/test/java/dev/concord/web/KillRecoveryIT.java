package dev.concord.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.controller.FaultInjector;
import dev.concord.kg.Iris;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    private static final Path JAR = Path.of(System.getProperty("concord.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final String ADMIN_PASSWORD = "kill-test-admin-password";
    private static final Duration START = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
        Server s = new Server(dataDir, backend, pauseAt, servers.size() + 1);
        servers.add(s);
        s.awaitReady();
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The packaged application as a child JVM; its output goes to target/kill-recovery/. */
    private static final class Server {
        private final Process process;
        private final int port;
        private final List<String> lines = new ArrayList<>();
        private final String auth = "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

        Server(Path dataDir, String backend, String pauseAt, int n) throws IOException {
            port = freePort();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:TieredStopAtLevel=1",
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                    "-Dquarkus.http.port=" + port,
                    "-Dconcord.data-dir=" + dataDir,
                    "-Dconcord.admin-password=" + ADMIN_PASSWORD,
                    "-Dconcord.model.enabled=true",
                    "-Dconcord.model.demo-size=tiny",
                    "-Dconcord.model.name=demo",
                    "-Dconcord.model.device=cpu",
                    "-Dconcord.model.method=GRACE"));
            if (backend.equals("neo4j")) {
                cmd.addAll(List.of("-Dconcord.kg.backend=neo4j", "-Dconcord.kg.neo4j.uri=" + neo4j.boltURI(),
                        "-Dconcord.kg.neo4j.user=neo4j", "-Dconcord.kg.neo4j.password=harness"));
            }
            if (pauseAt != null) {
                cmd.add("-Dconcord.test.pause-at=" + pauseAt);
            }
            cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
            Path logDir = Files.createDirectories(Path.of("target", "kill-recovery"));
            Path log = logDir.resolve(dataDir.getFileName() + "-" + n + ".log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Writer out = Files.newBufferedWriter(log);
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                     out) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write(line);
                        out.write('\n');
                        out.flush();
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "server-output-" + n);
            pump.setDaemon(true);
            pump.start();
        }

        private String tail() {
            synchronized (lines) {
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
        }

        private void checkAlive() {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail());
            }
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                checkAlive();
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/sparql?query=" + enc("ASK {}")))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the server did not answer within " + START + ":\n" + tail());
        }

        void awaitModelReady() throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                checkAlive();
                String state = get("/api/model").get("state").asText();
                if (state.equals("READY")) {
                    return;
                }
                assertEquals("LOADING", state, "the model loads");
                Thread.sleep(250);
            }
            throw new AssertionError("the model did not load within " + START + ":\n" + tail());
        }

        void awaitPause(String point) throws Exception {
            String marker = FaultInjector.PAUSE_MARKER + " " + point;
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (lines.contains(marker)) {
                        return;
                    }
                }
                checkAlive();
                Thread.sleep(20);
            }
            throw new AssertionError("the server never paused at " + point + ":\n" + tail());
        }

        /** SIGKILL (what Process.destroyForcibly sends on Linux): no shutdown hook, no flush. */
        void killNine() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed server is gone");
            assertEquals(128 + 9, process.exitValue(), "the server died of SIGKILL");
        }

        /** SIGTERM and wait: the graceful stop, so the test can open the data folder itself. */
        void stop() throws Exception {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server stops within 60 s:\n" + tail());
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Polls the edit until its step is DONE (recovered model steps wait for the model to load). */
        JsonNode awaitDone(long id) throws Exception {
            long deadline = System.nanoTime() + START.toNanos();
            JsonNode e = null;
            while (System.nanoTime() < deadline) {
                checkAlive();
                e = get("/api/edits/" + id);
                if (e.get("step").asText().equals("DONE")) {
                    return e;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("edit " + id + " was not finished after the restart: " + e + "\n" + tail());
        }

        boolean ask(String pattern) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/sparql?query=" + enc(Iris.prefixes() + "ASK { " + pattern + " }")))
                    .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body()).get("boolean").asBoolean();
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", auth)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
            return JSON.readTree(r.body());
        }

        JsonNode post(String path, Map<String, ?> body, int status) throws Exception {
            HttpResponse<String> r = HTTP.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString());
            assertEquals(status, r.statusCode(), "POST " + path + ": " + r.body());
            return JSON.readTree(r.body());
        }

        /** Sends without waiting: the server pauses mid-request and is killed before it answers. */
        void postAsync(String path, Map<String, ?> body) throws Exception {
            HTTP.sendAsync(postRequest(path, body), HttpResponse.BodyHandlers.discarding());
        }

        private HttpRequest postRequest(String path, Map<String, ?> body) throws IOException {
            return HttpRequest.newBuilder(uri(path)).header("Authorization", auth).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
