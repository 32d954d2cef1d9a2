package dev.concord.editor.edit;

import dev.concord.editor.EditorOptions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.model.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edit log on a tiny random GPT-2: persistence, replay, exact rollback in any order, idempotence. */
class LoggedKnowledgeEditorTest {
    private static final List<String> PROBES = List.of("The capital of France is", "Barack Obama was born in",
            "Albert Einstein developed the", "Donald Trump's wife is");

    @TempDir
    static Path tmp;
    static Path modelDir;
    static Path corpus;

    @BeforeAll
    static void model() throws IOException {
        modelDir = TinyModels.randomGpt2(tmp.resolve("model"), 11, TinyModels.Sizes.tiny());
        corpus = tmp.resolve("corpus.txt");
        Files.write(corpus, List.of("The capital of France is Paris.", "Barack Obama was born in Honolulu.",
                "Albert Einstein developed the theory of relativity.", "Donald Trump's wife is Melania Trump.",
                "The mother tongue of Danielle Darrieux is French."));
    }

    /** Small settings so the suite stays fast: few steps, two short prefixes. */
    static EditorOptions options() {
        Map<String, String> rome = Map.of("v_steps", "6", "context_count", "2", "context_length", "3",
                "mom2_samples", "20", "mom2_length", "32");
        Map<String, String> memit = Map.of("v_steps", "6", "context_count", "2", "context_length", "3");
        return new EditorOptions(corpus, Map.of(EditMethod.ROME, rome, EditMethod.MEMIT, memit,
                EditMethod.GRACE, Map.of("steps", "10"), EditMethod.FT_L, Map.of("steps", "4"),
                EditMethod.FT_M, Map.of("steps", "4")), s -> { });
    }

    static LoggedKnowledgeEditor open(Path log) {
        return KnowledgeEditors.open(modelDir, log, "cpu", options());
    }

    static float[] logits(KnowledgeEditor editor) {
        var m = editor.model();
        List<long[]> rows = PROBES.stream().map(p -> m.tokenizer().encode(p)).toList();
        try (NDManager scope = m.newManager()) {
            NDArray l = Forward.logits(m, scope, rows, Map.of());
            // only real positions: zero out by reading row by row
            float[][] parts = new float[rows.size()][];
            int total = 0;
            for (int b = 0; b < rows.size(); b++) {
                parts[b] = l.get(b).get("0:" + rows.get(b).length).toFloatArray();
                total += parts[b].length;
            }
            float[] out = new float[total];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    static final List<FactEdit> FACTS = List.of(
            new FactEdit("The capital of France is", "France", "Honolulu"),
            new FactEdit("Barack Obama was born in", "Barack Obama", "Paris"),
            new FactEdit("Albert Einstein developed the", "Albert Einstein", "capital"),
            new FactEdit("Donald Trump's wife is", "Donald Trump", "French"));

    @Test
    void rollbackOfAnyEditEqualsAFreshReplayOfTheLogWithoutIt() throws IOException {
        Path log = tmp.resolve("log-rollback");
        float[] base;
        try (LoggedKnowledgeEditor fresh = open(tmp.resolve("log-empty"))) {
            base = logits(fresh);
        }
        try (LoggedKnowledgeEditor editor = open(log)) {
            editor.apply("e1", EditMethod.ROME, List.of(FACTS.get(0)));
            editor.apply("e2", EditMethod.GRACE, List.of(FACTS.get(1)));
            editor.apply("e3", EditMethod.MEMIT, List.of(FACTS.get(2), FACTS.get(3)));
            editor.apply("e4", EditMethod.FT_M, List.of(FACTS.get(3)));
            editor.apply("e5", EditMethod.ROME, List.of(FACTS.get(1)));
            float[] edited = logits(editor);
            assertTrue(maxDiff(base, edited) > 1e-3, "the edits change the model");

            // restart: a fresh load replaying the full log gives the same model
            try (LoggedKnowledgeEditor replay = open(copyOf(log, "replay-all"))) {
                assertTrue(maxDiff(edited, logits(replay)) <= 1e-5, "restart rebuild equals the live model");
            }
            // roll back in an order that is not the reverse of application
            for (String id : List.of("e3", "e1", "e5", "e2", "e4")) {
                EditRecord r = editor.rollback(id);
                assertFalse(r.active());
                float[] now = logits(editor);
                try (LoggedKnowledgeEditor replay = open(copyOf(log, "replay-" + id))) {
                    assertTrue(maxDiff(now, logits(replay)) <= 1e-5,
                            "after rolling back " + id + " the model equals a replay of the log without it");
                }
            }
            assertTrue(maxDiff(base, logits(editor)) <= 1e-5, "all rolled back: the base model again");
            assertEquals(5, editor.log().size());
            assertTrue(editor.log().stream().noneMatch(EditRecord::active));
        }
    }

    private static Path copyOf(Path log, String name) throws IOException {
        Path to = tmp.resolve(name);
        copy(log, to);
        return to;
    }

    @Test
    void anotherReplicaImportingTheSharedEditsGetsTheSameWeightsAndFollowsRollbacks() {
        try (LoggedKnowledgeEditor a = open(tmp.resolve("log-replica-a"));
             LoggedKnowledgeEditor b = open(tmp.resolve("log-replica-b"))) {
            float[] base = logits(b);
            a.apply("r1", EditMethod.ROME, List.of(FACTS.get(0)));
            a.apply("r2", EditMethod.GRACE, List.of(FACTS.get(1)));
            a.apply("r3", EditMethod.MEMIT, List.of(FACTS.get(2), FACTS.get(3)));
            for (String id : List.of("r1", "r2", "r3")) {
                KnowledgeEditor.EditPackage p = a.exportEdit(id);
                assertEquals(id, b.importEdit(p).id());
                int size = b.log().size();
                b.importEdit(p);
                assertEquals(size, b.log().size(), "importing twice adds nothing");
            }
            assertEquals(0.0, maxDiff(logits(a), logits(b)), "the deltas are applied as they are: identical outputs");
            a.rollback("r1");
            b.rollback("r1");
            assertEquals(0.0, maxDiff(logits(a), logits(b)));
            // the importing replica's log replays like its own edits after a restart
            try (LoggedKnowledgeEditor replay = open(copyOfUnchecked(tmp.resolve("log-replica-b"), "replica-b-replay"))) {
                assertTrue(maxDiff(logits(b), logits(replay)) <= 1e-5);
            }
            b.rollback("r2");
            b.rollback("r3");
            assertTrue(maxDiff(base, logits(b)) <= 1e-5, "all rolled back: the base model again");
            // a package that names another edit, or broken JSON, is refused and changes nothing
            KnowledgeEditor.EditPackage r2 = a.exportEdit("r2");
            EditorException wrong = assertThrows(EditorException.class,
                    () -> b.importEdit(new KnowledgeEditor.EditPackage("r9", r2.entry(), r2.tensors())));
            assertTrue(wrong.getMessage().contains("names edit 'r2'"), wrong.getMessage());
            assertThrows(EditorException.class, () -> b.importEdit(new KnowledgeEditor.EditPackage("r8", "{", r2.tensors())));
            assertEquals(3, b.log().size());
        }
    }

    private static Path copyOfUnchecked(Path log, String name) {
        try {
            return copyOf(log, name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void applyWithAKnownIdIsIdempotentAndRollbackTwiceIsToo() {
        try (LoggedKnowledgeEditor editor = open(tmp.resolve("log-idem"))) {
            EditRecord first = editor.apply("same", EditMethod.ROME, List.of(FACTS.get(0)));
            float[] once = logits(editor);
            EditRecord again = editor.apply("same", EditMethod.ROME, List.of(FACTS.get(0)));
            assertEquals(first, again);
            assertEquals(1, editor.log().size());
            assertEquals(0.0, maxDiff(once, logits(editor)));
            editor.rollback("same");
            float[] rolled = logits(editor);
            EditRecord twice = editor.rollback("same");
            assertFalse(twice.active());
            assertEquals(0.0, maxDiff(rolled, logits(editor)));
            // a rolled-back id stays taken: applying it again changes nothing
            assertFalse(editor.apply("same", EditMethod.ROME, List.of(FACTS.get(0))).active());
        }
    }

    @Test
    void badRequestsAreClearErrorsAndChangeNothing() {
        try (LoggedKnowledgeEditor editor = open(tmp.resolve("log-bad"))) {
            float[] before = logits(editor);
            EditorException unknown = assertThrows(EditorException.class, () -> editor.rollback("nope"));
            assertTrue(unknown.getMessage().contains("nope"));
            assertThrows(EditorException.class, () -> editor.apply("x", EditMethod.ROME, List.of()));
            assertThrows(EditorException.class, () -> editor.apply(" ", EditMethod.ROME, List.of(FACTS.get(0))));
            assertEquals(0, editor.log().size());
            assertEquals(0.0, maxDiff(before, logits(editor)));
            assertSame(editor.model(), editor.model());
        }
    }
}
