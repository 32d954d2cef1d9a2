package dev.concord.editor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditMethod;
import dev.concord.editor.eval.EvalRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalPublishTest {
    @TempDir
    Path tmp;

    @Test
    void resultsArePublishedIntoTheModelFolderAndReplaceTheLastRun() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        EvalCommand.publish(model, "m1", List.of(new EvalRow(EditMethod.ROME, 1, false, 20, 0.8, 0.2, 0.9, Double.NaN,
                0.7, 0.21)));
        EvalCommand.publish(model, "m1", List.of(new EvalRow(EditMethod.GRACE, 100, false, 100, 1.0, 0.1, 1.0, 0.4,
                1.0, 0.05)));
        JsonNode root = new ObjectMapper().readTree(model.resolve("evaluation/last.json").toFile());
        assertEquals("m1", root.path("model").asText());
        assertEquals(1, root.path("rows").size(), "the second run replaced the first");
        assertEquals("GRACE", root.path("rows").get(0).path("method").asText());
        assertEquals(100, root.path("rows").get(0).path("T").asInt());
        try (var files = Files.list(model.resolve("evaluation"))) {
            assertEquals(List.of("last.json"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void anUnwritableModelFolderOnlyGetsANote() throws Exception {
        Path model = tmp.resolve("file-not-folder");
        Files.writeString(model, "x");
        EvalCommand.publish(model, "m", List.of(new EvalRow(EditMethod.ROME, 1, false, 1, 1, 1, 1, 1, 1, 1)));
        assertTrue(Files.isRegularFile(model));
        assertFalse(Files.exists(model.resolve("evaluation")));
    }
}
