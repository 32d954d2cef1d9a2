package dev.concord.controller;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one test profile with a real model (the runtime's tiny GPT-2 on the PyTorch engine):
 * an edit writes its facts into the model's edit log under the edit's id, the model answers
 * /api/llm/ask, and a rollback deactivates the model edit.
 */
@QuarkusTest
@TestProfile(ModelStepTest.TinyModel.class)
public class ModelStepTest {
    public static class TinyModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("concord.model.enabled", "true", "concord.model.demo-size", "tiny",
                        "concord.model.device", "cpu", "concord.model.method", "GRACE",
                        "concord.data-dir", Files.createTempDirectory("concord-model-test").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void awaitReady() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            String state = Api.editor("alice").get("/api/model").then().statusCode(200).extract().path("state");
            if ("READY".equals(state)) {
                return;
            }
            assertEquals(true, state.equals("LOADING"), "the model loads, found " + state);
            Thread.sleep(500);
        }
        throw new AssertionError("the model did not load in 120 s");
    }

    @Test
    void editTeachesTheModelAndRollbackRemovesIt() throws Exception {
        awaitReady();
        String man = Api.unique("Man");
        int id = Api.submit(Api.editor("alice"), man, "wife", Api.unique("Woman"), "ASSERT").statusCode(201)
                .body("status", is("APPLIED")).body("step", is("DONE"))
                .body("model.action", is("TEACH"))
                .body("model.editId", startsWith("concord-edit-"))
                .body("model.facts[0].prompt", startsWith("The wife of"))
                .extract().path("id");
        String modelId = "concord-edit-" + id;
        Api.editor("alice").get("/api/model").then().statusCode(200)
                .body("model", notNullValue())
                .body("log.id", hasItem(modelId));
        List<Boolean> active = Api.editor("alice").get("/api/model").then().extract()
                .path("log.findAll { it.id == '" + modelId + "' }.active");
        assertEquals(List.of(true), active);
        Api.editor("alice").body(Map.of("subject", man, "relation", "wife")).post("/api/llm/ask").then().statusCode(200)
                .body("status", is("READY")).body("model", notNullValue()).body("completion", notNullValue());

        Api.editor("alice").post("/api/edits/" + id + "/rollback").then().statusCode(200).body("status", is("ROLLED_BACK"));
        active = Api.editor("alice").get("/api/model").then().extract()
                .path("log.findAll { it.id == '" + modelId + "' }.active");
        assertEquals(List.of(false), active, "the model edit is rolled back");
    }
}
