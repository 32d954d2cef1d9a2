package dev.concord.interpreter.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Lexicon.RelationPhrasings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltInPhrasingsTest {

    private final BuiltInPhrasings builtIn = BuiltInPhrasings.shipped();
    private final List<RelationPhrasings> seedRelations = InMemoryLexicon.bundled().relations();

    @Test
    void everyRelationOfTheSeedDataHasBuiltInPhrasingsAndNoEntryIsATypo() {
        Set<String> seed = seedRelations.stream().map(r -> r.relation().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> shipped = builtIn.entries().stream().map(e -> e.relation().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(seed);
        missing.removeAll(shipped);
        Set<String> unknown = new TreeSet<>(shipped);
        unknown.removeAll(seed);
        assertEquals(Set.of(), missing, "relations of the seed data without built-in phrasings");
        assertEquals(Set.of(), unknown, "built-in phrasings for relations the seed data does not have");
    }

    @Test
    void aPhraseClaimedTwiceWithinOneTableIsSharedNotLost() {
        RelationIndex index = RelationIndex.build(seedRelations, builtIn);
        for (String table : List.of("nouns", "verbs")) {
            Map<String, String> first = new HashMap<>();
            Set<String> lost = new TreeSet<>();
            for (BuiltInPhrasings.Entry e : builtIn.entries()) {
                List<String> phrases = table.equals("nouns")
                        ? concat(e.nouns(), e.invertedNouns()) : concat(e.verbs(), e.passive());
                for (String p : phrases) {
                    String key = Labels.phrase(p);
                    if (first.putIfAbsent(key, e.relation()) != null) {
                        RelationIndex.Sense sense = table.equals("nouns") ? index.noun(key) : index.verb(key);
                        if (!sense.relation().equals(first.get(key)) || !sense.alternatives().contains(e.relation())) {
                            lost.add(p + " (" + e.relation() + ")");
                        }
                    }
                }
            }
            assertEquals(Set.of(), lost, "phrases of a second relation that the index drops in " + table);
        }
        // "came up with" names a theory first, a discovery or an invention when the subject has one
        assertEquals(new RelationIndex.Sense("theory", false, List.of("discovery", "contribution")), index.verb("came up with"));
    }

    @Test
    void theIndexLinksEveryRelationOfTheSeedDataByItsOwnNameOrABuiltInPhrase() {
        RelationIndex index = RelationIndex.build(seedRelations, builtIn);
        for (RelationPhrasings r : seedRelations) {
            assertEquals(r.relation(), index.relation(r.relation().toUpperCase(Locale.ROOT)).orElseThrow());
        }
        assertEquals(new RelationIndex.Sense("born_in", false), index.verb("born in"));
        assertEquals(new RelationIndex.Sense("Founder", true), index.noun("founder"));
        assertEquals(new RelationIndex.Sense("discovery", true), index.verb("discovered by"));
        assertEquals("birth_date", index.forLiteralObject("born_in"));
        assertTrue(index.maxNounTokens() >= 3);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
