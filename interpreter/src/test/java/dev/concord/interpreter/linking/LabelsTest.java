package dev.concord.interpreter.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void keyIgnoresCaseAccentsPunctuationUnderscoresAndALeadingArticle() {
        assertEquals("washington dc", Labels.key("Washington_D.C."));
        assertEquals("washington dc", Labels.key("  the washington   DC "));
        assertEquals("ocasio cortez", Labels.key("Ocasio-Cortez"));
        assertEquals("maxwells equations", Labels.key("Maxwell's_Equations"));
        assertEquals("jose mourinho", Labels.key("José Mourinho"));
        assertEquals("the", Labels.key("The"));
        assertEquals("", Labels.key("..."));
    }

    @Test
    void newLocalNamesKeepTypedCapitalisationAndTitleCaseLowerCase() {
        assertEquals("Alice_Smith", Labels.newLocalName("alice   smith"));
        assertEquals("John_of_Gaunt", Labels.newLocalName("john of gaunt"));
        assertEquals("iPhone_maker", Labels.newLocalName("the iPhone maker"));
        assertEquals("Hull_City_A.F.C.", Labels.newLocalName("Hull City A.F.C."));
        assertEquals("The", Labels.newLocalName("the"));
    }

    @Test
    void relationNamesReadAsWords() {
        assertEquals("born in", Labels.relationWords("born_in"));
        assertEquals("acted in", Labels.relationWords("actedIn"));
        assertEquals("tv personality", Labels.relationWords("TV_Personality"));
        assertEquals("paternal grandfather", Labels.relationWords("paternal grandfather"));
    }

    @Test
    void literalsAreDatesAndNumbersInIsoForm() {
        assertEquals(Optional.of("1946-06-14"), Literals.parse("June 14, 1946"));
        assertEquals(Optional.of("1946-06-14"), Literals.parse("14th of June 1946"));
        assertEquals(Optional.of("1946-06-14"), Literals.parse("the 14 June 1946"));
        assertEquals(Optional.of("1961-08-04"), Literals.parse("1961-8-4"));
        assertEquals(Optional.of("1790"), Literals.parse("1790"));
        assertEquals(Optional.of("1790"), Literals.parse("the year 1790"));
        assertEquals(Optional.of("1790"), Literals.parse("year of 1790"));
        assertEquals(Optional.empty(), Literals.parse("the year of the dragon"));
        assertEquals(Optional.of("-3.5"), Literals.parse("-3.5"));
        assertEquals(Optional.empty(), Literals.parse("February 30, 2001"));
        assertEquals(Optional.empty(), Literals.parse("May Day"));
        assertEquals(Optional.empty(), Literals.parse("the 1975 Cup"));
        assertEquals(Optional.empty(), Literals.parse("Route 66"));
    }
}
