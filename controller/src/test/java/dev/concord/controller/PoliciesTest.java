package dev.concord.controller;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conflict policy's parsing and the content policy's checks, without Quarkus. */
class PoliciesTest {

    private static EditRequest says(String subject, String relation, String object, String text) {
        return new EditRequest(subject, relation, object, null, EditOp.ASSERT, text);
    }

    @Test
    void conflictPoliciesParseInAnyCaseAndRefuseTheRestByName() {
        assertEquals(ConflictPolicy.REVIEW, ConflictPolicy.parse(" Review "));
        assertEquals(ConflictPolicy.LATEST_WINS, ConflictPolicy.parse("latest-wins"));
        assertEquals(ConflictPolicy.LATEST_WINS, ConflictPolicy.parse("LATEST_WINS"));
        assertEquals(ConflictPolicy.REJECT, ConflictPolicy.parse("reject"));
        ControllerException e = assertThrows(ControllerException.class, () -> ConflictPolicy.parse("first-wins"));
        assertTrue(e.getMessage().contains("'first-wins'"), e.getMessage());
        assertThrows(ControllerException.class, () -> ConflictPolicy.parse(null));
    }

    @Test
    void wordsMatchWholeWordsInTheTextAndTheTriple() {
        ContentPolicy p = new ContentPolicy(List.of("idiot", " Scum "), List.of(), List.of());
        Optional<Conflict> c = p.check(says("Joe_Biden", "occupation", "idiot", null));
        assertTrue(c.isPresent());
        assertEquals(ConflictKind.POLICY, c.get().kind());
        assertTrue(c.get().detail().contains("'idiot'"), c.get().detail());
        assertTrue(p.check(says("Joe_Biden", "occupation", "President", "Joe Biden is SCUM.")).isPresent(), "any case");
        assertTrue(p.check(says("Big_Idiot_Band", "genre", "Rock", null)).isPresent(), "underscores read as spaces");
        assertEquals(Optional.empty(), p.check(says("Idiotsyncrasy_Inc", "located_in", "Ohio", null)), "whole words only");
        assertEquals(Optional.empty(), p.check(says("Scumbria", "capital", "Town", null)));
    }

    @Test
    void patternsAreCaseInsensitiveAndHooksRunLastInOrder() {
        List<String> asked = new ArrayList<>();
        ModerationHook quiet = r -> {
            asked.add("quiet:" + r.subject());
            return Optional.empty();
        };
        ModerationHook strict = r -> {
            asked.add("strict:" + r.subject());
            return r.object().equals("Mars") ? Optional.of("nobody was born on Mars") : Optional.empty();
        };
        ContentPolicy p = new ContentPolicy(List.of(), List.of("kill(s|ed)?\\b"), List.of(quiet, strict));
        Optional<Conflict> byPattern = p.check(says("X", "plan", "Y", "He KILLED it"));
        assertTrue(byPattern.orElseThrow().detail().contains("pattern"), byPattern.get().detail());
        assertEquals(List.of(), asked, "a pattern match stops before the hooks");
        assertEquals("nobody was born on Mars", p.check(says("Elon_Musk", "born_in", "Mars", null)).orElseThrow().detail());
        assertEquals(List.of("quiet:Elon_Musk", "strict:Elon_Musk"), asked);
        assertEquals(Optional.empty(), p.check(says("Elon_Musk", "born_in", "Pretoria", null)));
    }
}
