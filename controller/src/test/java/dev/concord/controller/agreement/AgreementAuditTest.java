package dev.concord.controller.agreement;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgreementAuditTest {

    @Test
    void anAnswerAgreesWhenItsFirstSentenceNamesTheObject() {
        assertTrue(AgreementAudit.agrees("Honolulu, Hawaii, in 1961.", "Honolulu"));
        assertTrue(AgreementAudit.agrees("the Democratic Party.", "Democratic Party"));
        assertTrue(AgreementAudit.agrees("São Paulo", "Sao Paulo"), "accents aside");
        assertTrue(AgreementAudit.agrees("Washington, D.C. is the capital", "Washington D.C."));
        assertFalse(AgreementAudit.agrees("Chicago. Later he moved to Honolulu.", "Honolulu"), "second sentence");
        assertFalse(AgreementAudit.agrees("Parisian cafes", "Paris"), "whole words only");
        assertFalse(AgreementAudit.agrees("anything", "  "), "an empty label never agrees");
    }

    @Test
    void isoDatesAlsoMatchWrittenDates() {
        assertTrue(AgreementAudit.agrees("June 14, 1946, in Queens", "1946-06-14"));
        assertTrue(AgreementAudit.agrees("14 June 1946", "1946-06-14"));
        assertTrue(AgreementAudit.agrees("1946-06-14", "1946-06-14"));
        assertFalse(AgreementAudit.agrees("June 15, 1946", "1946-06-14"));
        assertFalse(AgreementAudit.agrees("1946", "1946-06-14"), "a year alone is not the date");
    }

    private static AgreementAudit.Result result(String subject, String object, String answer) {
        AgreementAudit.Fact f = new AgreementAudit.Fact(subject, "born_in", object, subject + " was born in", object);
        return new AgreementAudit.Result(f, answer, AgreementAudit.agrees(answer, object));
    }

    @Test
    void reportsCountPerRelationAndCompareMarksTaughtAndCollateralChanges() {
        AgreementAudit.Report before = AgreementAudit.report("m", List.of(result("A", "Paris", "Paris."),
                result("B", "Rome", "Milan."), result("C", "Oslo", "Oslo."), result("D", "Bern", "Bern.")));
        assertEquals(3, before.agreeing());
        assertEquals(0.75, before.agreement(), 1e-12);
        assertEquals(1, before.relations().size());
        assertEquals(4, before.relations().get(0).checked());
        AgreementAudit.Report after = AgreementAudit.report("m", List.of(result("A", "Paris", "Paris."),
                result("B", "Rome", "Rome."), result("C", "Oslo", "Bergen."), result("D", "Bern", "Bern, Switzerland.")));
        List<AgreementAudit.Change> changes = AgreementAudit.compare(before, after, Set.of("B|born_in|Rome"));
        assertEquals(3, changes.size(), "A is unchanged");
        AgreementAudit.Change b = changes.get(0);
        assertTrue(b.taught() && !b.agreedBefore() && b.agreesNow());
        AgreementAudit.Change c = changes.get(1);
        assertTrue(!c.taught() && c.agreedBefore() && !c.agreesNow(), "collateral damage");
        AgreementAudit.Change d = changes.get(2);
        assertTrue(!d.taught() && d.agreedBefore() && d.agreesNow(), "answer changed, verdict kept");
        assertTrue(before.at().isBefore(Instant.now().plusSeconds(1)));
    }
}
