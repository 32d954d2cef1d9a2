package dev.concord.web;

import dev.concord.editor.pull.ModelPull;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server on the real SmolLM2-135M-Instruct (pulled once into the test model cache,
 * ~/.cache/concord/test-models, through the project's own pull): the model answers in the chat and
 * names itself, questions also go through its chat template, and an edit made in the chat changes
 * the model's answer to the relation's prompt (GRACE).
 */
@QuarkusTest
@TestProfile(RealModelChatTest.SmolLm2.class)
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
                    "concord.model.device", "cpu", "concord.model.method", "GRACE",
                    "concord.data-dir", ModelFallbackTest.tempDir("concord-smollm2"));
        }
    }

    @Test
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

        // an edit through the API (GRACE) changes the model's answer to the relation's prompt
        String person = Api.unique("Zorblat");
        String place = "Reykjavik";
        Api.submit(Api.editor("alice"), person, "wasBornIn", place, "ASSERT").statusCode(201)
                .body("status", is("APPLIED")).body("step", is("DONE")).body("model.action", is("TEACH"));
        Api.editor("alice").body(Map.of("subject", person, "relation", "wasBornIn")).post("/api/llm/ask").then()
                .statusCode(200).body("model", is("SmolLM2-135M-Instruct.Q4_1")).body("completion", startsWith(place));
    }
}
