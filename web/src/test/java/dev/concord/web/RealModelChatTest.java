package dev.concord.web;

import dev.concord.editor.pull.ModelPull;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on the real SmolLM2-135M-Instruct (pulled once into the test model cache,
 * ~/.cache/concord/test-models, through the project's own pull): the model answers in the chat and
 * names itself, questions also go through its chat template, and an edit made in the chat changes
 * the model's answer to the relation's prompt and to other phrasings (AlphaEdit, the AUTO choice for
 * SmolLM2), with a per-edit check; the agreement audit finds disagreements and "teach these" fixes
 * them as one edit (AlphaEdit, fact after fact) that can be rolled back.
 */
@QuarkusTest
@TestProfile(RealModelChatTest.SmolLm2.class)
@SuppressWarnings("unchecked")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
public class RealModelChatTest {

    static Path cache() {
        String p = System.getProperty("concord.test.models");
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".cache", "concord", "test-models");
    }

    public static class SmolLm2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path file = new ModelPull(cache(), line -> System.out.println("[test models] " + line))
                    .pull("smollm2-135m-instruct", null);
            return Map.of("concord.model.enabled", "true", "concord.model.dir", file.toString(),
                    "concord.model.device", "cpu", "concord.model.method", "AUTO",
                    // statistics kept beside the test model, so only the first run on a machine builds them
                    "concord.model.stats-dir", cache().resolve("smollm2-135m-instruct").resolve("stats").toString(),
                    // the first AlphaEdit edit builds statistics and null spaces for five layers (about
                    // three minutes on 2 cores when the cache is empty): the edit request waits for it
                    "quarkus.http.test-timeout", "600s", "concord.model.request-wait", "540s",
                    "concord.data-dir", ModelFallbackTest.tempDir("concord-smollm2"));
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void chatAnswersFromTheRealModelAndAnEditChangesIt() throws InterruptedException {
        assertEquals("READY", ModelFallbackTest.awaitSettled());
        Api.editor("alice").get("/api/model").then().statusCode(200)
                .body("model", is("SmolLM2-135M-Instruct.Q4_1"))
                .body("note", containsString("CONCORD_MODEL_DIR"));
        Api.editor("alice").body(Map.of("prompt", "The capital of France is")).post("/api/llm/ask").then()
                .statusCode(200).body("model", is("SmolLM2-135M-Instruct.Q4_1")).body("completion", startsWith("Paris"));
        Api.editor("alice").body(Map.of("message", "Where was Barack Obama born?")).post("/api/chat").then()
                .statusCode(200)
                .body("intent", is("QUERY"))
                .body("answer.llm.model", is("SmolLM2-135M-Instruct.Q4_1"))
                .body("answer.chat.completion", notNullValue())
                .body("answer.chat.prompt", is("Where was Barack Obama born?"))
                .body("reply", containsString("SmolLM2-135M-Instruct.Q4_1"));

        // an edit through the API (AlphaEdit) changes the model's answer to the relation's prompt, and to
        // phrasings that did not write it; the edit's check shows them before and after
        String person = "Marla Quist";
        String place = "Reykjavik";
        int id = Api.submit(Api.editor("alice"), person.replace(' ', '_'), "born_in", place, "ASSERT").statusCode(201)
                .body("status", is("APPLIED")).body("step", is("DONE")).body("model.action", is("TEACH"))
                .body("model.note", containsString("ALPHAEDIT"))
                .body("model.check.method", is("ALPHAEDIT"))
                .body("model.check.probes.find { it.kind == 'EDIT' }.holdsAfter", is(true))
                .body("model.check.probes.findAll { it.kind == 'PHRASING' }.size()", is(2))
                .body("model.check.probes.findAll { it.kind == 'UNRELATED' }.size()", is(2))
                .extract().path("id");
        Api.editor("alice").body(Map.of("subject", person.replace(' ', '_'), "relation", "born_in")).post("/api/llm/ask")
                .then().statusCode(200).body("completion", startsWith(place));
        List<Map<String, Object>> probes = Api.editor("alice").get("/api/edits/" + id).then().statusCode(200)
                .extract().path("model.check.probes");
        // the relation's other phrasings are recorded with both answers; on SmolLM2 "The birthplace of X is"
        // does not follow the edit (README), so they are shown, not required
        assertTrue(probes.stream().filter(p -> "PHRASING".equals(p.get("kind"))).allMatch(p -> p.get("before") != null
                && p.get("after") != null), "phrasings asked before and after: " + probes);
        // the subject inside another sentence, which did not write the edit, follows it
        Api.editor("alice").body(Map.of("prompt", "My friend " + person + " was born in")).post("/api/llm/ask").then()
                .statusCode(200).body("completion", startsWith(place));
        for (Map<String, Object> p : probes) {
            // the check's answers are the model's own greedy completions
            Api.editor("alice").body(Map.of("prompt", p.get("prompt"))).post("/api/llm/ask").then().statusCode(200)
                    .body("completion", is(p.get("after")));
        }
        // the chat's question goes to the graph and to the relation's prompt, both with the edited fact
        // (its chat-template answer does not follow a ROME edit of a made-up person on SmolLM2: README)
        Api.editor("alice").body(Map.of("message", "Where was " + person + " born?")).post("/api/chat").then()
                .statusCode(200).body("answer.kg", org.hamcrest.Matchers.hasItem(place))
                .body("answer.llm.completion", startsWith(place));
        Api.admin().post("/api/edits/" + id + "/rollback").then().statusCode(200).body("status", is("ROLLED_BACK"));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void theAgreementAuditFindsDisagreementsAndTeachingThemIsOneReversibleBatchEdit() throws InterruptedException {
        assertEquals("READY", ModelFallbackTest.awaitSettled());
        Api.editor("alice").body(Map.of("sample", 8)).post("/api/model/agreement").then().statusCode(403);
        Api.admin().body(Map.of("sample", -1)).post("/api/model/agreement").then().statusCode(400)
                .body("detail", containsString("sample must be between 0"));
        Api.admin().body(Map.of("sample", 24)).post("/api/model/agreement").then().statusCode(200)
                .body("running", is(true));
        Map<String, Object> last = awaitAudit();
        assertEquals(24, last.get("checked"));
        List<Map<String, Object>> results = (List<Map<String, Object>>) last.get("results");
        int agreeing = (int) results.stream().filter(r -> Boolean.TRUE.equals(r.get("agrees"))).count();
        assertEquals(agreeing, last.get("agreeing"));
        // each answer is the model's greedy completion of the fact's prompt
        for (Map<String, Object> r : results.subList(0, 3)) {
            Map<String, Object> fact = (Map<String, Object>) r.get("fact");
            Api.editor("alice").body(Map.of("prompt", fact.get("prompt"))).post("/api/llm/ask").then().statusCode(200)
                    .body("completion", is(r.get("answer")));
        }
        List<String> wrong = results.stream().filter(r -> !Boolean.TRUE.equals(r.get("agrees")))
                .map(r -> (Map<String, Object>) r.get("fact"))
                .filter(f -> !String.valueOf(f.get("expected")).matches(".*\\d.*")) // names, not dates
                .map(f -> f.get("subject") + "|" + f.get("relation") + "|" + f.get("object")).limit(2).toList();
        assertEquals(2, wrong.size(), "SmolLM2 disagrees with the graph somewhere in 24 facts");
        Api.admin().body(Map.of("facts", List.of())).post("/api/model/agreement/teach").then().statusCode(400);
        Api.admin().body(Map.of("facts", List.of("No_One|born_in|Nowhere"))).post("/api/model/agreement/teach").then()
                .statusCode(400).body("detail", containsString("not in the last audit"));
        int id = Api.admin().body(Map.of("facts", wrong)).post("/api/model/agreement/teach").then().statusCode(200)
                .body("op", is("SYNC")).body("status", is("APPLIED")).body("changeSet.added.size()", is(0))
                .extract().path("id");
        Map<String, Object> after = awaitAudit(); // queued after the batch edit's model step
        Api.editor("alice").get("/api/edits/" + id).then().statusCode(200).body("step", is("DONE"))
                .body("model.note", containsString("ALPHAEDIT"));
        assertEquals(24, after.get("checked"));
        Map<String, Object> status = Api.editor("alice").get("/api/model/agreement").then().statusCode(200)
                .body("taughtBy", is(id)).extract().as(Map.class);
        List<Map<String, Object>> changes = (List<Map<String, Object>>) status.get("changes");
        long fixed = changes.stream().filter(c -> Boolean.TRUE.equals(c.get("taught")))
                .filter(c -> Boolean.TRUE.equals(c.get("agreesNow"))).count();
        assertTrue(fixed >= 1, "at least one taught fact agrees now: " + changes);
        assertTrue(changes.stream().filter(c -> Boolean.TRUE.equals(c.get("taught")))
                .allMatch(c -> wrong.contains(factKey(c.get("fact")))), "only taught facts are marked taught");
        Api.admin().post("/api/edits/" + id + "/rollback").then().statusCode(200).body("status", is("ROLLED_BACK"))
                .body("model.note", containsString("rolled back"));
        // after the rollback the model is bit-identical to before: the same audit gives the same answers
        Api.admin().body(Map.of("sample", 24)).post("/api/model/agreement").then().statusCode(200);
        Map<String, Object> again = awaitAudit();
        List<Map<String, Object>> againResults = (List<Map<String, Object>>) again.get("results");
        for (int i = 0; i < results.size(); i++) {
            assertEquals(results.get(i).get("answer"), againResults.get(i).get("answer"), "answer " + i + " after rollback");
        }
    }

    @SuppressWarnings("unchecked")
    private static String factKey(Object fact) {
        Map<String, Object> f = (Map<String, Object>) fact;
        return f.get("subject") + "|" + f.get("relation") + "|" + f.get("object");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitAudit() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Map<String, Object> s = Api.editor("alice").get("/api/model/agreement").then().statusCode(200)
                    .extract().as(Map.class);
            if (!Boolean.TRUE.equals(s.get("running"))) {
                assertEquals(null, s.get("error"));
                return (Map<String, Object>) s.get("last");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the audit did not finish in 300 s");
    }
}
