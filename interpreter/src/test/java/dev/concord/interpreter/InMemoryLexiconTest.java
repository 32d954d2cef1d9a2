package dev.concord.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.interpreter.Lexicon.RelationPhrasings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryLexiconTest {

    private final InMemoryLexicon seed = InMemoryLexicon.bundled();

    private Map<String, RelationPhrasings> relations(Lexicon lexicon) {
        return lexicon.relations().stream().collect(Collectors.toMap(RelationPhrasings::relation, r -> r));
    }

    @Test
    void findsEntitiesIgnoringCasePunctuationAndLeadingArticle() {
        assertEquals(Optional.of("Trump_Organization"), seed.findEntity("the Trump Organization"));
        assertEquals(Optional.of("Washington_D.C."), seed.findEntity("washington dc"));
        assertEquals(Optional.of("Hull_City_A.F.C."), seed.findEntity("Hull City AFC"));
        assertEquals(Optional.of("Thomas_D'Alesandro_Jr."), seed.findEntity("Thomas D'Alesandro Jr."));
        assertEquals(Optional.of("The_Oprah_Winfrey_Show"), seed.findEntity("the oprah winfrey show"));
        assertEquals(Optional.empty(), seed.findEntity("Barron Trump"));
        assertEquals(Optional.empty(), seed.findEntity("  .. "));
    }

    @Test
    void normalisesTheSeedDataQuirks() {
        // "Joe Biden,middle_name,Robinette" uses a space: it is the same entity as Joe_Biden
        assertEquals(Optional.of("Joe_Biden"), seed.findEntity("Joe Biden"));
        assertTrue(seed.entities().contains("Joe_Biden"));
        assertFalse(seed.entities().contains("Joe Biden"));
        // dates and numbers in the tail column are literals, not entities
        assertFalse(seed.entities().contains("1961-08-04"));
        assertFalse(seed.entities().contains("1790"));
        Map<String, RelationPhrasings> rel = relations(seed);
        // library names with spaces become local names; "<answer>" cannot be one and is skipped
        assertTrue(rel.containsKey("paternal_grandfather"));
        assertFalse(rel.keySet().stream().anyMatch(n -> n.contains("<") || n.contains(" ")));
        // relations only in kg.csv are there too, and inverses from the library are relations
        assertTrue(rel.containsKey("plays_for"));
        assertTrue(rel.containsKey("Founder"));
        assertEquals("husband", rel.get("wife").inverse());
        assertEquals("wife", rel.get("husband").inverse());
        assertEquals("spouse", rel.get("spouse").inverse());
        assertTrue(rel.containsKey("contains"));
        assertEquals("located_in", rel.get("contains").inverse());
        assertEquals(List.of("acted in"), rel.get("actedIn").phrasings());
    }

    @Test
    void findsAnEntityByAnExtraLabel() {
        InMemoryLexicon lexicon = InMemoryLexicon.builder().triple("America", "capital", "Washington_D.C.")
                .label("America", "the United States of America").build();
        assertEquals(Optional.of("America"), lexicon.findEntity("United States of America"));
        assertEquals(Optional.of("America"), lexicon.findEntity("america"));
        assertThrows(InterpreterException.class, () -> InMemoryLexicon.builder().label("America", " . "));
    }

    @Test
    void addedPhrasingAppearsInANewSnapshot() {
        InMemoryLexicon lexicon = InMemoryLexicon.builder().triple("A", "born_in", "B").build();
        List<RelationPhrasings> before = lexicon.relations();
        lexicon.addPhrasing("born_in", "Grew up in");
        List<RelationPhrasings> after = lexicon.relations();
        assertEquals(List.of("born in"), before.get(0).phrasings());
        assertEquals(List.of("born in", "grew up in"), after.get(0).phrasings());
        assertThrows(InterpreterException.class, () -> lexicon.addPhrasing("born_in", " "));
        assertThrows(InterpreterException.class, () -> lexicon.addPhrasing("not a name!", "x"));
    }

    @Test
    void loadsOneEditFilesAndReportsABadRowWithItsLineNumber(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("kg.csv");
        Files.writeString(csv, "head,relation,tail\nAda_Lovelace,born_in,London\n\nAda_Lovelace,born_in,London\n");
        Path library = dir.resolve("lib.json");
        Files.writeString(library, "[{\"name\":\"born_in\",\"type\":\"one2one\",\"reverse\":\"\",\"multihop\":\"\"},"
                + "{\"name\":\"teacher\",\"type\":\"\",\"reverse\":\"student\",\"multihop\":\"\"}]");
        InMemoryLexicon lexicon = InMemoryLexicon.fromOneEdit(List.of(csv), library);
        assertEquals(Optional.of("Ada_Lovelace"), lexicon.findEntity("ada lovelace"));
        assertEquals(List.of("born_in", "teacher", "student"), lexicon.relations().stream().map(RelationPhrasings::relation).toList());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "head,relation,tail\nA,born_in\n");
        InterpreterException e = assertThrows(InterpreterException.class, () -> InMemoryLexicon.fromOneEdit(List.of(bad), null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("expected 3 fields"), e.getMessage());
    }

    @Test
    void rejectsALibraryThatIsNotAnArray() {
        InterpreterException e = assertThrows(InterpreterException.class,
                () -> InMemoryLexicon.builder().readRelationLibrary(new StringReader("{\"name\":\"x\"}"), "lib.json"));
        assertTrue(e.getMessage().contains("expected a JSON array"), e.getMessage());
    }
}
