package dev.concord.editor.eval;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation data files (CounterFact and zsRE layouts) and the CounterFact scores on a real forward pass. */
class EvalCasesFileTest {

    static final String COUNTERFACT = """
            [{"case_id": 7, "prompt": "The theory of Zurich is", "subject": "Zurich", "target_new": "the world",
              "ground_truth": "Hello", "rephrase_prompt": "Zurich has the theory", "locality_prompt": "the theory",
              "locality_ground_truth": "Hello"},
             {"case_id": 8, "prompt": "no subject here", "subject": "Riccardo", "target_new": "x", "ground_truth": "y"},
             {"case_id": 9, "prompt": "Riccardo the", "subject": "Riccardo", "target_new": "theory", "ground_truth": "world",
              "rephrase_prompt": "", "locality_prompt": "Hello", "locality_ground_truth": "world"}]
            """;
    static final String ZSRE = """
            [{"subject": "UniFirst", "src": "What is the product made by UniFirst?", "pred": "uniform",
              "rephrase": "What will be the product of UniFirst?", "alt": "unmanned aircraft", "answers": ["uniform"],
              "loc": "nq question: who wrote hamlet", "loc_ans": "Shakespeare"}]
            """;

    @Test
    void readsCounterFactRecordsAndSkipsThoseWithoutTheSubject(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("cf.json"), COUNTERFACT);
        List<EvalCase> cases = EvalCases.fromFile(f, 10);
        assertEquals(2, cases.size());
        EvalCase c = cases.get(0);
        assertEquals("counterfact:7", c.id());
        assertEquals("the world", c.edit().target());
        assertEquals("Hello", c.groundTruth());
        assertEquals(List.of("Zurich has the theory"), c.rephrases());
        assertEquals(new EvalCase.Probe("the theory", "Hello"), c.locality().get(0));
        assertTrue(cases.get(1).rephrases().isEmpty());
        assertEquals(1, EvalCases.fromFile(f, 1).size());
    }

    @Test
    void readsZsreRecords(@TempDir Path dir) throws IOException {
        EvalCase c = EvalCases.fromFile(Files.writeString(dir.resolve("z.json"), ZSRE), 5).get(0);
        assertEquals("unmanned aircraft", c.edit().target());
        assertEquals("uniform", c.groundTruth());
        assertEquals("What will be the product of UniFirst?", c.rephrases().get(0));
        assertEquals("Shakespeare", c.locality().get(0).answer());
    }

    @Test
    void refusesAFileThatIsNotAnArrayOfRecords(@TempDir Path dir) throws IOException {
        EditorException e = assertThrows(EditorException.class,
                () -> EvalCases.fromFile(Files.writeString(dir.resolve("o.json"), "{\"a\": 1}"), 5));
        assertTrue(e.getMessage().contains("expected a JSON array"), e.getMessage());
        e = assertThrows(EditorException.class,
                () -> EvalCases.fromFile(Files.writeString(dir.resolve("n.json"), "[{\"prompt\": \"x\"}]"), 5));
        assertTrue(e.getMessage().contains("found none usable"), e.getMessage());
    }

    @Test
    void ngramEntropyFollowsTheRomePaperDefinition() {
        // "a b a b a": bigrams {ab: 2, ba: 2} -> 1 bit; trigrams {aba: 2, bab: 1} -> 0.9183 bits
        double expected = (2.0 / 3 * 1.0 + 4.0 / 3 * (-(2.0 / 3) * Math.log(2.0 / 3) / Math.log(2)
                - (1.0 / 3) * Math.log(1.0 / 3) / Math.log(2))) / 2;
        assertEquals(expected, Metrics.ngramEntropy("A b a B a"), 1e-12);
        assertEquals(0.0, Metrics.ngramEntropy("the the the the"), 1e-12, "a repeated word has no entropy");
        assertTrue(Metrics.ngramEntropy("Paris is the capital of France, and Lyon is a city in France.")
                > Metrics.ngramEntropy("Paris Paris Paris Paris Paris Paris"));
    }

    @Test
    void counterFactScoresCompareMeanTokenLogProbabilities(@TempDir Path dir) throws IOException, URISyntaxException {
        Path model = Path.of(EvalCasesFileTest.class.getResource("/fixtures/gguf/llama-tiny.f32.gguf").toURI());
        List<EvalCase> cases = EvalCases.fromFile(Files.writeString(dir.resolve("cf.json"), COUNTERFACT), 10);
        try (KnowledgeEditor ed = KnowledgeEditors.open(model, dir.resolve("log"), "cpu")) {
            LanguageModel m = ed.model();
            EvalCase c = cases.get(0);
            // the comparison the row's efficacy counts, computed here from teacher-forced log probabilities
            double newer = m.targetLogProb(c.edit().prompt(), c.edit().target()) / m.targetIds(c.edit().prompt(), c.edit().target()).length;
            double truth = m.targetLogProb(c.edit().prompt(), c.groundTruth()) / m.targetIds(c.edit().prompt(), c.groundTruth()).length;
            assertEquals(newer > truth, Metrics.prefers(m, c.edit().prompt(), c.edit().target(), c.groundTruth()));
            Evaluator ev = new Evaluator(ed, line -> { });
            ev.baseline(cases);
            EvalRow row = ev.run(EditMethod.FT_M, 1, false, cases);
            assertEquals(2, row.cases());
            assertFalse(Double.isNaN(row.efficacy()));
            assertTrue(row.efficacy() >= 0 && row.efficacy() <= 1);
            assertTrue(row.generationSuccess() >= 0 && row.generationSuccess() <= 1);
            assertFalse(Double.isNaN(row.fluency()));
            assertEquals(1, ed.log().stream().filter(r -> !r.active()).count() / 2, "both edits rolled back");
            String table = EvalReport.table("tiny", List.of(row));
            assertTrue(table.contains("Efficacy") && table.contains("Neighbourhood"), table);
        }
        assertTrue(Double.isNaN(new EvalRow(EditMethod.ROME, 1, false, 1, 1, 1, 1, 1, 1, 1).efficacy()),
                "rows without CounterFact data have no efficacy");
    }
}
