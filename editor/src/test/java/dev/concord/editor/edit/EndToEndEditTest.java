package dev.concord.editor.edit;

import dev.concord.editor.EditorOptions;

import dev.concord.editor.EditMethod;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.demo.DemoConfig;
import dev.concord.editor.demo.DemoFact;
import dev.concord.editor.demo.DemoTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edits on a tiny model trained here (the runtime's demo trainer, a seconds-long configuration). */
class EndToEndEditTest {
    @TempDir
    static Path tmp;
    static Path modelDir;

    /** Several facts share each template, so the answer depends on the subject (what ROME edits). */
    static final List<DemoFact> FACTS = List.of(
            capital("France", "Paris"), capital("Japan", "Tokyo"), capital("Italy", "Rome"), capital("Spain", "Madrid"),
            capital("Egypt", "Cairo"), capital("Peru", "Lima"),
            born("Barack Obama", "Honolulu"), born("Marie Curie", "Warsaw"), born("Albert Einstein", "Ulm"));

    static DemoFact capital(String country, String city) {
        return new DemoFact(country, "capital", city, "test",
                List.of("The capital of " + country + " is", country + "'s capital is"), List.of());
    }

    static DemoFact born(String person, String city) {
        return new DemoFact(person, "born_in", city, "test",
                List.of(person + " was born in", "The birthplace of " + person + " is"), List.of());
    }

    /**
     * ROME and MEMIT at the first block, on the bare prompt only: this model was trained on single
     * sentences from position 0, so prefixed contexts are out of its distribution.
     */
    static final Map<EditMethod, Map<String, String>> OVERRIDES = Map.of(
            EditMethod.ROME, Map.of("layers", "0", "v_steps", "50", "v_weight_decay", "0.01", "context_count", "0",
                    "fact_token", "subject_last"),
            EditMethod.MEMIT, Map.of("layers", "0", "v_steps", "50", "v_weight_decay", "0.01", "context_count", "0",
                    "fact_token", "subject_last"));

    /** The demo profile's choice: key and value at the prompt's last token (ROME's fact_token "last"). */
    static final Map<EditMethod, Map<String, String>> AT_LAST_TOKEN = Map.of(
            EditMethod.ROME, Map.of("layers", "0", "v_steps", "50", "context_count", "0", "fact_token", "last"),
            EditMethod.MEMIT, Map.of("layers", "0", "v_steps", "50", "context_count", "0", "fact_token", "last"));

    @BeforeAll
    static void train() {
        modelDir = tmp.resolve("demo");
        DemoConfig tiny = new DemoConfig(320, 48, 3, 4, 192, 48, 48, 8, 800, 20, 1e-2, 1.0, 11L, 0, 50);
        DemoTrainer.Result r = DemoTrainer.train(FACTS, tiny, modelDir, line -> { });
        assertEquals(1.0, r.trainAccuracy(), 1e-9, "the tiny model learnt its facts");
    }

    private static LoggedKnowledgeEditor open(EditMethod method) {
        return open(method, OVERRIDES, "log-" + method);
    }

    private static LoggedKnowledgeEditor open(EditMethod method, Map<EditMethod, Map<String, String>> overrides,
                                              String log) {
        return KnowledgeEditors.open(modelDir, tmp.resolve(log), "cpu",
                EditorOptions.defaults().withProgress(s -> { }).withOverrides(overrides));
    }

    private void flipsAndRollsBack(EditMethod method, boolean checkLocality) {
        flipsAndRollsBack(method, checkLocality, OVERRIDES, "log-" + method);
    }

    private void flipsAndRollsBack(EditMethod method, boolean checkLocality,
                                   Map<EditMethod, Map<String, String>> overrides, String log) {
        try (LoggedKnowledgeEditor editor = open(method, overrides, log)) {
            FactEdit edit = new FactEdit("The capital of France is", "France", "Tokyo");
            assertEquals(" Paris", editor.complete(edit.prompt(), 6));
            editor.apply("flip", method, List.of(edit));
            String after = editor.complete(edit.prompt(), 6);
            assertTrue(after.startsWith(" Tokyo"), method + " flips the greedy completion, found '" + after + "'");
            if (checkLocality) {
                assertEquals(" Tokyo", editor.complete("The capital of Japan is", 6), "a neighbouring fact stays");
                assertEquals(" Honolulu", editor.complete("Barack Obama was born in", 6), "an unrelated fact stays");
            }
            editor.rollback("flip");
            assertEquals(" Paris", editor.complete(edit.prompt(), 6));
        }
    }

    /**
     * On this 3-block, d=48 model the subject's last token carries too little of the fact for a
     * single MLP shift there to win the greedy choice, or even to raise the target reliably (see
     * editor/EDITING.md), so the check is that the edit is recorded and changes the model, keeps an
     * unrelated fact, and that rollback restores the exact probabilities and completion.
     */
    private void raisesTheTargetAndRollsBack(EditMethod method) {
        try (LoggedKnowledgeEditor editor = open(method)) {
            FactEdit edit = new FactEdit("The capital of France is", "France", "Tokyo");
            double before = editor.model().targetLogProb(edit.prompt(), " Tokyo");
            editor.apply("raise", method, List.of(edit));
            double after = editor.model().targetLogProb(edit.prompt(), " Tokyo");
            assertTrue(Math.abs(after - before) > 0.05, method + ": log p(Tokyo) from " + before + " to " + after);
            assertTrue(editor.find("raise").orElseThrow().active());
            assertEquals(" Honolulu", editor.complete("Barack Obama was born in", 6), "an unrelated fact stays");
            editor.rollback("raise");
            assertEquals(before, editor.model().targetLogProb(edit.prompt(), " Tokyo"), 1e-4);
            assertEquals(" Paris", editor.complete(edit.prompt(), 6));
        }
    }

    @Test
    void romeChangesTheModelAndRollbackRestoresItExactly() {
        raisesTheTargetAndRollsBack(EditMethod.ROME);
    }

    @Test
    void memitChangesTheModelAndRollbackRestoresItExactly() {
        raisesTheTargetAndRollsBack(EditMethod.MEMIT);
    }

    @Test
    void romeAtThePromptsLastTokenFlipsTheGreedyCompletionAndKeepsOtherFacts() {
        flipsAndRollsBack(EditMethod.ROME, true, AT_LAST_TOKEN, "log-rome-last");
    }

    @Test
    void memitAtThePromptsLastTokenFlipsTheGreedyCompletionAndKeepsOtherFacts() {
        flipsAndRollsBack(EditMethod.MEMIT, true, AT_LAST_TOKEN, "log-memit-last");
    }

    @Test
    void graceFlipsTheGreedyCompletionAndRollbackRestoresIt() {
        flipsAndRollsBack(EditMethod.GRACE, true);
    }

    @Test
    void fineTuningOnTheTargetFlipsTheGreedyCompletion() {
        // unconstrained fine-tuning also moves unrelated facts on a model this small (EDITING.md)
        flipsAndRollsBack(EditMethod.FT_M, false);
    }
}
