package dev.concord.controller;

import dev.concord.editor.FactEdit;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Seeds;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edit planner's checks and plans on an in-memory graph (no Quarkus). */
class EditPlannerTest {
    private KnowledgeGraph kg;
    private EditPlanner planner;

    @BeforeEach
    void open() {
        kg = KnowledgeGraphs.inMemory();
        planner = new EditPlanner(kg);
    }

    @AfterEach
    void close() throws Exception {
        kg.close();
    }

    private void marriage() {
        kg.putRelation(new RelationInfo("spouse", true, null, true, List.of(), List.of("married to"),
                List.of("{subject} is married to")));
        kg.putRelation(new RelationInfo("wife", true, "husband", false, List.of(), List.of(), List.of("The wife of {subject} is")));
        kg.putRelation(new RelationInfo("husband", true, "wife", false, List.of(), List.of(), List.of("The husband of {subject} is")));
        kg.subsume("wife", "spouse");
        kg.subsume("husband", "spouse");
    }

    private void holds(Triple... facts) {
        kg.apply(new ChangeSet(List.of(facts), List.of()), "test");
    }

    /** The first conflict's detail contains (or starts with) the text. */
    private static void assertDetail(EditPlanner.Check c, String how, String text) {
        String detail = c.conflicts().get(0).detail();
        assertTrue(how.equals("startsWith") ? detail.startsWith(text) : detail.contains(text), detail);
    }

    private static List<ConflictKind> kinds(EditPlanner.Check c) {
        return c.conflicts().stream().map(Conflict::kind).toList();
    }

    @Test
    void aSynonymOfASingleValuedRelationIsACoverageConflict() {
        Seeds.importDefaults(kg);
        EditPlanner.Check c = planner.checkAssert(Triple.of("Barack_Obama", "wasBornIn", "Kenya"));
        assertEquals(List.of(ConflictKind.COVERAGE), kinds(c));
        assertTrue(c.displaced().contains(Triple.of("Barack_Obama", "born_in", "Honolulu")), c.displaced().toString());
        assertDetail(c, "contains", "an aligned relation");
        assertEquals("born_in", planner.usedRelation("Barack_Obama", "wasBornIn"), "the relation the subject uses");
        assertEquals(Triple.of("Barack_Obama", "born_in", "Kenya"), planner.canonical(Triple.of("Barack_Obama", "wasBornIn", "Kenya")));
        assertTrue(planner.checkAssert(Triple.of("Barack_Obama", "wasBornIn", "Honolulu")).duplicate(), "same fact, other name");
    }

    @Test
    void aNarrowerFactCompetesWithTheBroaderSingleValue() {
        marriage();
        holds(Triple.of("Mike_Pence", "spouse", "Karen_Pence"),
                Triple.of("Karen_Pence", "spouse", "Mike_Pence"));
        EditPlanner.Check c = planner.checkAssert(Triple.of("Mike_Pence", "wife", "Jane_Doe"));
        assertEquals(List.of(ConflictKind.COVERAGE), kinds(c));
        assertDetail(c, "startsWith", "spouse is single-valued");
        assertTrue(c.displaced().contains(Triple.of("Mike_Pence", "spouse", "Karen_Pence")));
        EditPlanner.Check refine = planner.checkAssert(Triple.of("Mike_Pence", "wife", "Karen_Pence"));
        assertEquals(List.of(), kinds(refine), "saying which kind of spouse is no conflict");
        assertFalse(refine.duplicate(), "a spouse is not necessarily a wife");
    }

    @Test
    void aBroaderFactSeesTheNarrowerOnes() {
        marriage();
        holds(Triple.of("Mike_Pence", "wife", "Karen_Pence"),
                Triple.of("Karen_Pence", "husband", "Mike_Pence"));
        EditPlanner.Check same = planner.checkAssert(Triple.of("Mike_Pence", "spouse", "Karen_Pence"));
        assertTrue(same.duplicate(), "a wife is a spouse");
        assertDetail(same, "contains", "wife is under spouse");
        EditPlanner.Check other = planner.checkAssert(Triple.of("Mike_Pence", "spouse", "Jane_Doe"));
        assertTrue(kinds(other).contains(ConflictKind.COVERAGE), kinds(other).toString());
        assertTrue(other.displaced().contains(Triple.of("Mike_Pence", "wife", "Karen_Pence")));
        assertDetail(other, "contains", "above or under");
    }

    @Test
    void alignmentConflictsListSubjectsWithTwoValuesAcrossTheSetAndWhatIsUnderIt() {
        marriage();
        holds(Triple.of("Mike_Pence", "wife", "Karen_Pence"),
                Triple.of("Mike_Pence", "spouse", "Jane_Doe"), Triple.of("Al_Gore", "spouse", "Tipper_Gore"));
        List<List<TripleView>> found = planner.alignmentConflicts("spouse");
        assertEquals(1, found.size(), found.toString());
        assertEquals(2, found.get(0).size());
        assertEquals(List.of(), planner.alignmentConflicts("wife"), "wife alone holds one value");
    }

    @Test
    void theModelAlsoLearnsWhatTheBroaderRelationSays() {
        marriage();
        List<String> prompts = planner.teachFacts(Triple.of("Mike_Pence", "wife", "Karen_Pence")).stream()
                .map(FactEdit::prompt).toList();
        assertEquals(List.of("The wife of Mike Pence is", "The husband of Karen Pence is", "Mike Pence is married to",
                "Karen Pence is married to"), prompts);
        List<String> targets = planner.teachFacts(Triple.of("Mike_Pence", "wife", "Karen_Pence")).stream()
                .map(FactEdit::target).toList();
        assertEquals(List.of("Karen Pence", "Mike Pence", "Karen Pence", "Mike Pence"), targets);
    }

    @Test
    void inversesAreAddedAndDisplacedTogether() {
        marriage();
        Triple old = Triple.of("Donald_Trump", "wife", "Ivana_Trump");
        holds(old, Triple.of("Ivana_Trump", "husband", "Donald_Trump"));
        Triple t = Triple.of("Donald_Trump", "wife", "Melania_Trump");
        EditPlanner.Check c = planner.checkAssert(t);
        assertEquals(List.of(ConflictKind.COVERAGE), kinds(c));
        ChangeSet cs = planner.assertChange(t, c.displaced());
        assertEquals(List.of(t, Triple.of("Melania_Trump", "husband", "Donald_Trump")), cs.added());
        assertEquals(List.of(old, Triple.of("Ivana_Trump", "husband", "Donald_Trump")), cs.removed());
        assertTrue(planner.holds(Triple.of("Ivana_Trump", "husband", "Donald_Trump")));
        assertFalse(planner.holds(Triple.of("Ivana_Trump", "husband", "Al_Gore")));
        assertEquals(List.of(Term.entity("Donald_Trump")), kg.objects("Ivana_Trump", "husband").stream().map(Triple::object).toList());
    }
}
