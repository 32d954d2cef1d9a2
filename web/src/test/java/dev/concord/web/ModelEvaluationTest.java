package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ModelStepTest;
import dev.concord.editor.EditMethod;
import dev.concord.editor.eval.EvalReport;
import dev.concord.editor.eval.EvalRow;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /api/model/evaluation with a real (tiny) model loaded: 404 with the command to run while the
 * model folder has no evaluation/last.json, then the table the editor's own EvalReport wrote there.
 */
@QuarkusTest
@TestProfile(ModelStepTest.TinyModel.class)
class ModelEvaluationTest {
    @Inject
    ConcordConfig config;

    private String awaitReady() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            String state = Api.editor("alice").get("/api/model").then().statusCode(200).extract().path("state");
            if ("READY".equals(state)) {
                return Api.editor("alice").get("/api/model").then().extract().path("model");
            }
            assertEquals("LOADING", state, "the model loads");
            Thread.sleep(500);
        }
        throw new AssertionError("the model did not load in 120 s");
    }

    @Test
    void evaluationIsTheLastRunWrittenIntoTheModelFolder() throws Exception {
        String loaded = awaitReady();
        Path file = Path.of(config.dataDir()).resolve("models").resolve("tiny").resolve("evaluation").resolve("last.json");
        Files.deleteIfExists(file);

        Api.editor("alice").get("/api/model/evaluation").then().statusCode(404)
                .body("error", is("not found"))
                .body("detail", containsString("no evaluation has been run"))
                .body("detail", containsString("./concord editor eval --model"));

        EvalReport.writeJson(file, "tiny-eval-model", List.of(
                new EvalRow(EditMethod.GRACE, 1, false, 20, 1.0, 0.25, 0.875, Double.NaN, 0.95, 0.5),
                new EvalRow(EditMethod.MEMIT, 10, true, 10, 0.5, 0.125, 0.75, 0.375, 0.4, 1.5)));
        Instant when = Instant.parse("2026-11-20T10:15:30Z");
        Files.setLastModifiedTime(file, FileTime.from(when));

        Api.editor("alice").get("/api/model/evaluation").then().statusCode(200)
                .body("model", is("tiny-eval-model"))
                .body("loadedModel", is(loaded))
                .body("file", is("evaluation/last.json"))
                .body("ranAt", is(when.toString()))
                .body("rows.size()", is(2))
                .body("rows[0].method", is("GRACE"))
                .body("rows[0].T", is(1))
                .body("rows[0].batch", is(false))
                .body("rows[0].cases", is(20))
                .body("rows[0].reliability", is(1.0f))
                .body("rows[0].generalisation", is(0.25f))
                .body("rows[0].locality", is(0.875f))
                .body("rows[0].portability", nullValue())
                .body("rows[0].greedy_exact_match", is(0.95f))
                .body("rows[1].method", is("MEMIT"))
                .body("rows[1].T", is(10))
                .body("rows[1].batch", is(true))
                .body("rows[1].portability", is(0.375f))
                .body("rows[1].seconds_per_edit", is(1.5f));
    }

    @Test
    void aDamagedEvaluationFileIsAClearErrorNotAStackTrace() throws Exception {
        awaitReady();
        Path file = Path.of(config.dataDir()).resolve("models").resolve("tiny").resolve("evaluation").resolve("last.json");
        Files.createDirectories(file.getParent());
        try {
            Files.writeString(file, "[1, 2, 3]");
            Api.editor("alice").get("/api/model/evaluation").then().statusCode(503)
                    .body("detail", containsString("expected a JSON object with a rows array, found array"));
            Files.writeString(file, "{\"model\": \"x\", \"rows\": [");
            Api.editor("alice").get("/api/model/evaluation").then().statusCode(503)
                    .body("detail", containsString("cannot be read"))
                    .body("detail", notNullValue());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void evaluationNeedsSignIn() {
        io.restassured.RestAssured.given().get("/api/model/evaluation").then().statusCode(401);
    }
}
