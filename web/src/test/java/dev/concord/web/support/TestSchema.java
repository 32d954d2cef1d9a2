package dev.concord.web.support;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Triple;

import java.util.List;

/** The relations and facts the workflow tests rely on (the OneEdit Trump family example). */
public final class TestSchema {
    private TestSchema() {
    }

    public static void load(KnowledgeGraph kg) {
        kg.putRelation(new RelationInfo("wife", true, "husband", false, List.of(), List.of("married to"),
                List.of("The wife of {subject} is")));
        kg.putRelation(new RelationInfo("husband", true, "wife", false, List.of(), List.of(),
                List.of("The husband of {subject} is")));
        kg.putRelation(new RelationInfo("spouse", false, null, true, List.of(), List.of(), List.of()));
        kg.putRelation(new RelationInfo("father", true, null, false, List.of(), List.of(), List.of("The father of {subject} is")));
        kg.putRelation(new RelationInfo("paternal_grandfather", true, null, false, List.of("father", "father"), List.of(),
                List.of("The paternal grandfather of {subject} is")));
        kg.putRelation(new RelationInfo("country_of_citizenship", false, null, false, List.of(), List.of(), List.of()));
        kg.putRelation(new RelationInfo("capital", true, null, false, List.of(), List.of(), List.of("The capital of {subject} is")));
        kg.apply(new ChangeSet(List.of(
                Triple.of("Donald_Trump", "wife", "Ivana_Trump"),
                Triple.of("Ivana_Trump", "husband", "Donald_Trump"),
                Triple.of("Donald_Trump", "father", "Fred_Trump"),
                Triple.of("Fred_Trump", "father", "Frederick_Trump"),
                Triple.of("France", "capital", "Paris")), List.of()), "seed");
    }
}
