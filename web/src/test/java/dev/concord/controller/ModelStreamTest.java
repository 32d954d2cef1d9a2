package dev.concord.controller;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.model.TinyModels;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model edit stream (issue 19) over the workflow database: three editors on the same tiny model,
 * each with its own edit log, stand for three Concord processes. What one writes, the others apply
 * with identical results; rollbacks follow; a replica that starts late catches up from the first row.
 */
@QuarkusTest
class ModelStreamTest {
    private static final List<String> PROBES = List.of("The capital of France is", "Barack Obama was born in",
            "Donald Trump's wife is");
    private static final List<FactEdit> FACTS = List.of(
            new FactEdit("The capital of France is", "France", "Honolulu"),
            new FactEdit("Barack Obama was born in", "Barack Obama", "Paris"));

    @Inject
    AgroalDataSource dataSource;

    static Path tmp;
    static Path modelDir;

    @BeforeAll
    static void model() throws Exception {
        tmp = Files.createTempDirectory("concord-stream-test");
        modelDir = TinyModels.randomGpt2(tmp.resolve("model"), 2019, TinyModels.Sizes.tiny());
        // a name of its own: the stream is per model name, and other tests' tiny models share theirs
        Path config = modelDir.resolve("config.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        root.put("_name_or_path", "stream-test-" + System.nanoTime());
        json.writeValue(config.toFile(), root);
    }

    @AfterAll
    static void clean() throws Exception {
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private KnowledgeEditor open(String log) {
        EditorOptions options = new EditorOptions(null, Map.of(EditMethod.GRACE, Map.of("steps", "10"),
                EditMethod.FT_M, Map.of("steps", "4")), s -> { });
        return KnowledgeEditors.open(modelDir, tmp.resolve(log), "cpu", options);
    }

    private ModelStream stream(String replica) {
        return new ModelStream(dataSource, null, Duration.ZERO, new EditLock(dataSource, false, ModelStream.APPLIER_KEY),
                replica);
    }

    private static double[] answers(KnowledgeEditor e) {
        double[] out = new double[PROBES.size() * 2];
        for (int i = 0; i < PROBES.size(); i++) {
            out[2 * i] = e.model().targetLogProb(PROBES.get(i), "Honolulu");
            out[2 * i + 1] = e.model().targetLogProb(PROBES.get(i), "Paris");
        }
        return out;
    }

    @Test
    void replicasApplyTheSameDeltasInTheStreamsOrderAndFollowRollbacks() {
        ModelStream streamA = stream("replica-a");
        ModelStream streamB = stream("replica-b");
        try (KnowledgeEditor rawA = open("log-a"); KnowledgeEditor b = open("log-b")) {
            KnowledgeEditor a = streamA.wrap(rawA);
            double[] base = answers(b);
            a.apply("stream-1", EditMethod.GRACE, List.of(FACTS.get(0)));
            a.apply("stream-2", EditMethod.FT_M, List.of(FACTS.get(1)));
            assertNull(streamB.position(), "B has followed nothing yet");
            assertEquals(2, streamB.catchUp(b), "B applies both edits");
            assertEquals(0, streamB.position().behind());
            assertTrue(java.util.Arrays.equals(answers(rawA), answers(b)), "the same deltas: identical answers");
            assertNotEquals(base[0], answers(b)[0], "and the model did change");

            // B writes too; A follows B's edit before its own next one
            KnowledgeEditor bShared = streamB.wrap(b);
            bShared.apply("stream-3", EditMethod.GRACE, List.of(FACTS.get(1)));
            assertEquals(1, streamA.catchUp(rawA));
            assertTrue(rawA.find("stream-3").isPresent());
            a.rollback("stream-1");
            assertEquals(1, streamB.catchUp(b), "B follows A's rollback");
            assertFalse(b.find("stream-1").orElseThrow().active());
            assertEquals(0, streamB.catchUp(b), "nothing left: catching up again changes nothing");
            // an edit made elsewhere and not applied here yet is found (after catching up), so a
            // rollback asked on this replica undoes it instead of finding nothing to undo
            a.apply("stream-4", EditMethod.GRACE, List.of(FACTS.get(0)));
            assertTrue(bShared.find("stream-4").isPresent(), "found on B before B's poll applied it");
            bShared.rollback("stream-4");
            assertEquals(1, streamA.catchUp(rawA), "A follows B's rollback");
            assertFalse(rawA.find("stream-4").orElseThrow().active());
            assertTrue(java.util.Arrays.equals(answers(rawA), answers(b)));

            // a replica started late catches up from the first row (stream-1 is applied, then rolled back)
            ModelStream streamC = stream("replica-c");
            try (KnowledgeEditor c = open("log-c")) {
                streamC.catchUp(c);
                assertEquals(List.of("stream-2", "stream-3"),
                        c.log().stream().filter(EditRecord::active).map(EditRecord::id).toList());
                assertTrue(java.util.Arrays.equals(answers(b), answers(c)), "the latecomer equals the others");
                assertEquals(0, streamC.position().behind());
            }
        }
    }
}
