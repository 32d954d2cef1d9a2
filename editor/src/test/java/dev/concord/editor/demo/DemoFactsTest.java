package dev.concord.editor.demo;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DemoFactsTest {

    @Test
    void kgTriplesArePhrasedWithTheirTemplatesAndOnePerSubjectIsHeldOut() {
        List<DemoFact> facts = DemoFacts.load(0);
        DemoFact wife = facts.stream().filter(f -> f.subject().equals("Barack Obama") && f.relation().equals("wife"))
                .findFirst().orElseThrow();
        assertEquals("Michelle Obama", wife.object());
        List<String> all = List.of("The wife of Barack Obama is", "Barack Obama's wife is", "Barack Obama is married to",
                "Barack Obama has a wife named");
        int held = DemoFacts.heldOutTemplate("Barack Obama", 4);
        assertEquals(List.of(all.get(held)), wife.heldOutPrompts());
        List<String> trained = new java.util.ArrayList<>(all);
        trained.remove(held);
        assertEquals(trained, wife.trainPrompts());
        assertTrue(facts.stream().anyMatch(f -> f.subject().equals("Washington D.C.") || f.object().equals("Washington D.C.")),
                "underscores become spaces");
        assertTrue(facts.stream().noneMatch(f -> f.relation().isBlank()), "rows without a relation are skipped");
    }

    @Test
    void everyHeldOutPhrasingIsTrainedForSomeOtherSubject() {
        List<DemoFact> facts = DemoFacts.load(0);
        java.util.Set<String> trainedTemplates = new java.util.HashSet<>();
        for (DemoFact f : facts) {
            f.trainPrompts().forEach(p -> trainedTemplates.add(f.relation() + "|" + p.replace(f.subject(), "{s}")));
        }
        long kgHeldOut = 0;
        long seenElsewhere = 0;
        for (DemoFact f : facts) {
            for (String p : f.heldOutPrompts()) {
                kgHeldOut++;
                if (trainedTemplates.contains(f.relation() + "|" + p.replace(f.subject(), "{s}"))) {
                    seenElsewhere++;
                }
            }
        }
        assertTrue(kgHeldOut > 50, "KG facts hold phrasings out: " + kgHeldOut);
        assertTrue(seenElsewhere >= 0.8 * kgHeldOut,
                "held-out phrasings the model knows for other subjects: " + seenElsewhere + " of " + kgHeldOut);
    }

    @Test
    void noPromptIsTrainedWithTwoDifferentAnswers() {
        Map<String, String> seen = new HashMap<>();
        for (DemoFact f : DemoFacts.load(1000)) {
            for (String p : f.trainPrompts()) {
                String before = seen.put(p, f.object());
                assertNull(before, "prompt trained twice: " + p);
            }
        }
        assertTrue(seen.size() > 1000);
    }

    @Test
    void counterfactRecordsTrainTheirPromptAndHoldOutTheRephraseOfEveryOtherRecord() {
        List<DemoFact> facts = DemoFacts.load(5);
        DemoFact robinson = facts.stream().filter(f -> f.source().equals("counterfact:3087")).findFirst().orElseThrow();
        assertEquals("basketball", robinson.object());
        assertEquals(List.of("David Robinson professionally plays the sport"), robinson.trainPrompts());
        assertEquals(List.of("David Robinson's greatest weakness is"), robinson.heldOutPrompts());
        List<DemoFact> cf = facts.stream().filter(f -> f.source().startsWith("counterfact:")).toList();
        assertEquals(5, cf.size());
        // every other record trains its rephrasing too and holds nothing out
        assertEquals(2, cf.get(1).trainPrompts().size(), cf.get(1).toString());
        assertEquals(List.of(), cf.get(1).heldOutPrompts());
        assertEquals(1, cf.get(2).heldOutPrompts().size());
    }

    @Test
    void aLaterFactLosesOnlyThePromptsAnEarlierFactAlreadyAnswers() {
        List<DemoFact> out = DemoFacts.consistent(List.of(
                new DemoFact("A", "wife", "B", "t", List.of("A is married to", "The wife of A is"), List.of()),
                new DemoFact("A", "spouse", "C", "t", List.of("A is married to", "The spouse of A is"), List.of()),
                new DemoFact("A", "husband", "D", "t", List.of("A is married to"), List.of())));
        assertEquals(2, out.size());
        assertEquals(List.of("The spouse of A is"), out.get(1).trainPrompts());
    }

    @Test
    void aPromptThatAnotherSentenceContinuesDifferentlyIsDropped() {
        List<DemoFact> out = DemoFacts.withoutPrefixConflicts(List.of(
                new DemoFact("X", "is_affiliated_to", "NATO", "t", List.of("X is a member of", "X is affiliated with"), List.of()),
                new DemoFact("X", "party", "Greens", "t", List.of("X is a member of the party"), List.of()),
                new DemoFact("Y", "born_in", "Paris", "t", List.of("Y was born in"), List.of()),
                new DemoFact("Y", "team", "Paris Saint-Germain", "t", List.of("Y was born in"), List.of()),
                new DemoFact("Z", "born_in", "Rome", "t", List.of("Z was born in"), List.of()),
                new DemoFact("Z", "x", "Rome", "t", List.of("Z was born into"), List.of())));
        assertEquals(List.of("X is affiliated with"), out.get(0).trainPrompts());
        assertEquals(List.of("X is a member of the party"), out.get(1).trainPrompts());
        assertTrue(out.stream().noneMatch(f -> f.subject().equals("Y")), "both Y prompts conflict");
        assertEquals(2, out.stream().filter(f -> f.subject().equals("Z")).count(), "'into' is another word");
    }

    @Test
    void theShippedFactsHaveNoPrefixConflicts() {
        List<String> sentences = new java.util.ArrayList<>();
        List<DemoFact> facts = DemoFacts.load(1000);
        facts.forEach(f -> f.trainPrompts().forEach(p -> sentences.add(p + " " + f.object())));
        for (DemoFact f : facts) {
            for (String p : f.trainPrompts()) {
                long continuations = sentences.stream().filter(s -> s.startsWith(p + " ")).distinct().count();
                assertEquals(1, continuations, p);
            }
        }
    }
}
