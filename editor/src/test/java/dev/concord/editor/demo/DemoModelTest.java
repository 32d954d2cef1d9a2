package dev.concord.editor.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DemoModelTest {

    @Test
    void trainsOnceIntoPlaceRemovesStaleTemporaryFoldersAndThenLoads(@TempDir Path data) throws Exception {
        Path models = data.resolve("models");
        Files.createDirectories(models.resolve(".demo.training-crashed"));
        // a tiny configuration on the first 3 CounterFact records plus the KG would still take minutes: use few steps
        DemoConfig cfg = new DemoConfig(400, 32, 1, 2, 64, 64, 48, 16, 4, 2, 1e-3, 1.0, 5L, 3, 1000);
        List<String> first = new ArrayList<>();
        Path dir = DemoModel.trainOrLoad(data, cfg, first::add);
        assertEquals(DemoModel.location(data), dir);
        assertTrue(DemoModel.isPresent(data));
        assertFalse(Files.exists(models.resolve(".demo.training-crashed")), "stale temporary folder removed");
        try (var listing = Files.list(models)) {
            assertEquals(List.of(dir), listing.toList(), "no temporary folder left behind");
        }
        assertTrue(first.stream().anyMatch(l -> l.startsWith("done:")), first.toString());
        assertTrue(Files.readString(dir.resolve("demo-facts.json")).contains("held_out_prompts"));
        List<String> second = new ArrayList<>();
        assertEquals(dir, DemoModel.trainOrLoad(data, cfg, second::add));
        assertEquals(List.of("demo model present at " + dir), second);
    }
}
