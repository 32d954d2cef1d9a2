package dev.concord.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concord.web.support.PackagedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged servers (the PostgreSQL build, target/quarkus-app-pg) on one embedded PostgreSQL
 * and one Neo4j harness (issue 19). 20 clients at once, half on each server, assert birthplaces of
 * the same few people (born_in is single-valued, so most of them conflict and wait for review),
 * roll some back, and two admins review the queue from both servers at the same time. Then the
 * workflow, the graph (Neo4j and each server's SPARQL replica) and each server's model edit log
 * must agree: no edit lost or applied twice, no two conflicting facts both in the graph.
 */
class TwoReplicasIT {
    private static final Path JAR = Path.of(System.getProperty("concord.app.pg.jar", "target/quarkus-app-pg/quarkus-run.jar"));
    private static final String ADMIN_PASSWORD = "two-replicas-admin-password";
    private static final int CLIENTS = 20;

    private static EmbeddedPostgres postgres;
    private static Neo4j neo4j;
    private static final List<PackagedServer> servers = new ArrayList<>();
    private static final List<Path> dataDirs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the PostgreSQL build is packaged before the integration tests: " + JAR.toAbsolutePath());
        postgres = EmbeddedPostgres.builder().start();
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        // one after the other: the first migrates the database and seeds the graph, the second finds both done
        for (int n = 1; n <= 2; n++) {
            Path data = Files.createTempDirectory("concord-replica-" + n + "-");
            dataDirs.add(data);
            PackagedServer s = new PackagedServer(JAR, List.of(
                    "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                    "-Dconcord.data-dir=" + data,
                    "-Dconcord.admin-password=" + ADMIN_PASSWORD,
                    "-Dconcord.kg.backend=neo4j", "-Dconcord.kg.neo4j.uri=" + neo4j.boltURI(),
                    "-Dconcord.kg.neo4j.user=neo4j", "-Dconcord.kg.neo4j.password=harness",
                    "-Dconcord.kg.propose-alignments-on-start=false",
                    "-Dconcord.model.enabled=true", "-Dconcord.model.demo-size=tiny", "-Dconcord.model.name=demo",
                    "-Dconcord.model.device=cpu", "-Dconcord.model.method=GRACE",
                    "-Dconcord.model.follow-interval=300ms"),
                    Path.of("target", "two-replicas", "server-" + n + ".log"), ADMIN_PASSWORD);
            servers.add(s);
            s.awaitReady();
            s.awaitModelReady();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        servers.forEach(PackagedServer::kill);
        if (neo4j != null) {
            neo4j.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        for (Path d : dataDirs) {
            try (var paths = Files.walk(d)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void concurrentClientsOnTwoReplicasLeaveGraphWorkflowAndModelsInAgreement() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            people.add("Replica_Person_" + run + "_" + i);
        }
        List<String> cities = List.of("Replica_City_A_" + run, "Replica_City_B_" + run, "Replica_City_C_" + run);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                PackagedServer s = servers.get(client % 2);
                JsonNode edit = s.post("/api/edits", Map.of("subject", people.get(client % people.size()), "relation", "born_in",
                        "object", cities.get(client % cities.size()), "op", "ASSERT"), 201);
                outcomes.merge(edit.get("status").asText(), 1, Integer::sum);
                if (client % 4 == 0 && edit.get("status").asText().equals("APPLIED")) {
                    // from the other server: rollback is safe from any replica
                    int status = servers.get((client + 1) % 2).postStatus("/api/edits/" + edit.get("id").asLong() + "/rollback", Map.of());
                    assertTrue(status == 200 || status == 409, "rollback answers 200, or 409 while the edit is still being applied: " + status);
                    outcomes.merge("rollback " + status, 1, Integer::sum);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(10, TimeUnit.MINUTES);
        }
        // two admins, one on each server, decide the queue at the same time: approve the even ids, reject the odd
        List<Future<?>> reviews = new ArrayList<>();
        for (PackagedServer s : servers) {
            reviews.add(pool.submit(() -> {
                for (JsonNode e : s.get("/api/reviews")) {
                    long id = e.get("id").asLong();
                    int status = s.postStatus("/api/reviews/" + id + (id % 2 == 0 ? "/approve" : "/reject"),
                            id % 2 == 0 ? Map.of() : Map.of("reason", "two-replica test"));
                    assertTrue(status == 200 || status == 409, "a decision is taken once; the other admin gets 409, got " + status);
                    outcomes.merge("decision " + status, 1, Integer::sum);
                }
                return null;
            }));
        }
        for (Future<?> f : reviews) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();

        // the workflow: both servers list the same edits, every one finished
        PackagedServer a = servers.get(0);
        PackagedServer b = servers.get(1);
        Map<Long, String> editsA = awaitSettled(a, people);
        assertEquals(editsA, settled(b, people), "both replicas see the same edits and statuses");
        assertEquals(CLIENTS, editsA.size(), "every submitted edit is recorded once: " + editsA + " " + outcomes);

        // the graph: at most one birthplace per person, the same in Neo4j and in both SPARQL replicas
        for (String person : people) {
            Set<String> stored = new TreeSet<>();
            neo4j.defaultDatabaseService().executeTransactionally(
                    "MATCH (:Entity {name: $s})-[:born_in]->(o) RETURN o.name AS o", Map.of("s", person),
                    r -> {
                        r.forEachRemaining(row -> stored.add((String) row.get("o")));
                        return null;
                    });
            assertTrue(stored.size() <= 1, person + " has one birthplace at most, found " + stored + " " + outcomes);
            for (PackagedServer s : servers) {
                assertEquals(stored, sparqlBirthplaces(s, person), "the SPARQL replica of " + s.base() + " agrees with Neo4j");
            }
        }

        // the models: both logs hold the same entries, each edit's model id exactly once
        Map<String, Boolean> logA = awaitSameModelLog(a, b);
        for (Map.Entry<Long, String> e : editsA.entrySet()) {
            JsonNode modelStep = a.get("/api/edits/" + e.getKey()).get("model");
            String id = modelStep.get("editId").asText(null);
            if (id == null) {
                // nothing for the model to learn ("already known"), or never decided
                assertTrue(logA.keySet().stream().noneMatch(k -> k.equals("concord-edit-" + e.getKey())), "no model edit for " + e);
                continue;
            }
            if (e.getValue().equals("APPLIED")) {
                assertEquals(Boolean.TRUE, logA.get(id), "applied edit " + e.getKey() + " is active in the models: " + logA
                        + "\n" + a.get("/api/edits/" + e.getKey()) + "\n" + a.get("/api/edits/" + e.getKey() + "/history")
                        + "\n" + outcomes);
            } else if (e.getValue().equals("ROLLED_BACK")) {
                assertEquals(Boolean.FALSE, logA.get(id), "rolled-back edit " + e.getKey() + " is inactive in the models");
            } else {
                assertTrue(!logA.containsKey(id) || !logA.get(id), "a " + e.getValue() + " edit is not active in the models");
            }
        }
        System.out.println("two replicas: " + new TreeMap<>(outcomes) + ", " + editsA.size() + " edits, "
                + logA.size() + " model log entries on each server");
    }

    /** id -> status of the edits about these people, once none is still in progress. */
    private static Map<Long, String> awaitSettled(PackagedServer s, List<String> people) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Map<Long, String> last = null;
        while (System.nanoTime() < deadline) {
            last = settled(s, people);
            if (last != null) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("edits still in progress after 180 s on " + s.base());
    }

    /** The edits about these people (id -> status), or null while one is still in progress. */
    private static Map<Long, String> settled(PackagedServer s, List<String> people) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        for (JsonNode e : s.get("/api/edits?limit=1000")) {
            if (!people.contains(e.at("/triples/0/subject").asText())) {
                continue;
            }
            String step = e.get("step").asText();
            String status = e.get("status").asText();
            if (!step.equals("DONE") && !status.equals("PENDING_REVIEW") && !status.equals("REJECTED")) {
                return null;
            }
            out.put(e.get("id").asLong(), status);
        }
        return out;
    }

    private static Set<String> sparqlBirthplaces(PackagedServer s, String person) throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode row : s.select("SELECT ?o WHERE { e:" + person + " r:born_in ?o }")) {
            String iri = row.at("/o/value").asText();
            out.add(iri.substring(iri.lastIndexOf('/') + 1));
        }
        return out;
    }

    /** The model log (id -> active) once both servers' logs are the same (each follows the other's edits). */
    private static Map<String, Boolean> awaitSameModelLog(PackagedServer a, PackagedServer b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Boolean> la = null;
        Map<String, Boolean> lb = null;
        while (System.nanoTime() < deadline) {
            la = modelLog(a);
            lb = modelLog(b);
            if (la.equals(lb) && behind(a) == 0 && behind(b) == 0) {
                return la;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the model logs differ after 120 s:\n" + la + "\n" + lb);
    }

    private static Map<String, Boolean> modelLog(PackagedServer s) throws Exception {
        Map<String, Boolean> out = new HashMap<>();
        for (JsonNode r : s.get("/api/model").get("log")) {
            Boolean before = out.put(r.get("id").asText(), r.get("active").asBoolean());
            assertEquals(null, before, "model edit " + r.get("id").asText() + " is in the log of " + s.base() + " once");
        }
        return new TreeMap<>(out);
    }

    private static long behind(PackagedServer s) throws Exception {
        for (JsonNode check : s.getAny("/q/health/ready").get("checks")) {
            if (check.get("name").asText().equals("model") && check.has("data") && check.get("data").has("streamBehind")) {
                return check.get("data").get("streamBehind").asLong();
            }
        }
        return -1;
    }
}
