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

/** A corrupt model file fails the model with an error naming the file, and the graph keeps serving. */
@QuarkusTest
@TestProfile(CorruptModelTest.Corrupt.class)
public class CorruptModelTest {

    /** A configured GGUF file that is corrupt (valid magic, truncated header). */
    public static class Corrupt implements QuarkusTestProfile {
        static final Path FILE = corruptFile();

        /** A fixed path: Quarkus loads this profile class more than once (one per class loader). */
        static Path corruptFile() {
            try {
                Path f = Path.of(System.getProperty("java.io.tmpdir"), "concord-corrupt-model", "broken.gguf");
                Files.createDirectories(f.getParent());
                Files.write(f, new byte[]{'G', 'G', 'U', 'F', 3, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5});
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concord.model.enabled", "true", "concord.model.dir", FILE.toString(),
                    "concord.model.device", "cpu", "concord.data-dir", ModelFallbackTest.tempDir("concord-corrupt-data"));
        }
    }

    @Test
    void theModelFailsNamingTheFileAndTheGraphKeepsServing() throws InterruptedException {
        assertEquals("FAILED", ModelFallbackTest.awaitSettled());
        Api.editor("alice").get("/api/model").then().statusCode(200)
                .body("message", containsString(Corrupt.FILE.toString()))
                .body("message", containsString("truncated or corrupt"));
        Api.editor("alice").get("/api/kg/entities/Donald_Trump").then().statusCode(200);
        String man = Api.unique("Man");
        Api.submit(Api.editor("alice"), man, "wife", Api.unique("Woman"), "ASSERT").statusCode(201)
                .body("status", is("APPLIED"));
        Api.editor("alice").body(Map.of("message", "Who is the wife of Donald Trump?")).post("/api/chat").then()
                .statusCode(200).body("reply", containsString("The graph says"));
    }
}
