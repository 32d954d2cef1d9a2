package dev.concord.controller;

import dev.concord.interpreter.Lexicon.RelationPhrasings;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.RelationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The relation list the interpreter asks for on every sentence: kept, and read again when the schema changes. */
class LexiconAdapterTest {
    private KnowledgeGraph kg;
    private final AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void graph() {
        kg = KnowledgeGraphs.inMemory();
        kg.putRelation(new RelationInfo("wife", true, "husband", false, null, List.of("married to"), List.of()));
        kg.putRelation(new RelationInfo("husband", true, "wife", false, null, List.of(), List.of()));
    }

    @AfterEach
    void close() {
        kg.close();
    }

    private static List<String> names(List<RelationPhrasings> relations) {
        return relations.stream().map(RelationPhrasings::relation).sorted().toList();
    }

    @Test
    void relationsAreBuiltOnceAndKeptUntilTheSchemaChanges() {
        LexiconAdapter lexicon = new LexiconAdapter(kg, Duration.ofSeconds(30), nanos::get);
        List<RelationPhrasings> first = lexicon.relations();
        assertEquals(List.of("husband", "wife"), names(first));
        RelationPhrasings wife = first.stream().filter(r -> r.relation().equals("wife")).findFirst().orElseThrow();
        assertEquals(List.of("wife", "married to"), wife.phrasings());
        assertEquals("husband", wife.inverse());
        assertSame(first, lexicon.relations(), "the same list is handed out while nothing changed");

        // written behind the adapter's back: still the kept list, which shows it is not rebuilt per call
        kg.putRelation(RelationInfo.plain("mentor"));
        assertSame(first, lexicon.relations());

        lexicon.schemaChanged();
        List<RelationPhrasings> after = lexicon.relations();
        assertNotSame(first, after);
        assertEquals(List.of("husband", "mentor", "wife"), names(after));
        assertSame(after, lexicon.relations());
    }

    @Test
    void aKeptListOlderThanMaxAgeIsReadAgain() {
        LexiconAdapter lexicon = new LexiconAdapter(kg, Duration.ofSeconds(30), nanos::get);
        List<RelationPhrasings> first = lexicon.relations();
        kg.putRelation(RelationInfo.plain("mentor"));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertSame(first, lexicon.relations(), "exactly maxAge old is still fresh");
        nanos.addAndGet(1);
        assertEquals(List.of("husband", "mentor", "wife"), names(lexicon.relations()));
    }

    @Test
    void keptListCannotBeChangedByACaller() {
        List<RelationPhrasings> relations = new LexiconAdapter(kg).relations();
        assertThrows(UnsupportedOperationException.class, () -> relations.remove(0));
    }

    @Test
    void negativeMaxAgeIsRefused() {
        ControllerException e = assertThrows(ControllerException.class,
                () -> new LexiconAdapter(kg, Duration.ofSeconds(-1), nanos::get));
        assertEquals(ControllerException.Kind.BAD_INPUT, e.kind());
    }
}
