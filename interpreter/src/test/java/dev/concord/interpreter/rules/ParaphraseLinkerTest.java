package dev.concord.interpreter.rules;

import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.interpreter.linking.BuiltInPhrasings;
import dev.concord.interpreter.linking.MiniLmEncoder;
import dev.concord.interpreter.SentenceEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paraphrase path of the rules interpreter, with the real all-MiniLM-L6-v2 encoder, on the OneEdit graphs. */
class ParaphraseLinkerTest {
    private static InMemoryLexicon lexicon;
    private static RuleInterpreter withEncoder;
    private static RuleInterpreter rulesOnly;

    @BeforeAll
    static void setUp() {
        lexicon = InMemoryLexicon.bundled();
        withEncoder = new RuleInterpreter(lexicon);
        rulesOnly = new RuleInterpreter(lexicon, BuiltInPhrasings.shipped(), Optional::empty);
    }

    private static void expect(String text, Intent intent, ParsedTriple... triples) {
        Interpretation r = withEncoder.interpret(text);
        assertEquals(intent, r.intent(), text + " -> " + r);
        assertEquals(List.of(triples), r.triples(), text);
    }

    @Test
    void theEncoderRanksAParaphraseAboveAnUnrelatedSentence() {
        SentenceEncoder e = MiniLmEncoder.shared().orElseThrow(() -> new AssertionError(MiniLmEncoder.failure()));
        float[] a = e.encode("X tied the knot with Y");
        double near = SentenceEncoder.cosine(a, e.encode("X is married to Y"));
        double far = SentenceEncoder.cosine(a, e.encode("X plays football for Y"));
        assertTrue(near > far + 0.1, "married " + near + " vs football " + far);
        assertEquals(1.0, SentenceEncoder.cosine(a, a), 1e-5);
    }

    @Test
    void linksVerbParaphrasesTheRulesDoNotKnow() {
        assertEquals(Intent.UNKNOWN, rulesOnly.interpret("Barack Obama got hitched to Michelle Obama.").intent());
        expect("Barack Obama got hitched to Michelle Obama.", Intent.EDIT,
                new ParsedTriple("Barack_Obama", "spouse", "Michelle_Obama", false));
    }

    @Test
    void putsTheSubjectWhereTheGraphHasItInObjectFirstSentences() {
        expect("Honolulu is where Barack Obama was born.", Intent.EDIT,
                new ParsedTriple("Barack_Obama", "born_in", "Honolulu", false));
    }

    @Test
    void aNewNameBeforeACleftIsTheObjectNotAQuestion() {
        // the graph knows no Kenya: the first word is a name because a cleft follows it
        expect("Kenya is where Barack Obama was born.", Intent.EDIT,
                new ParsedTriple("Barack_Obama", "born_in", "Kenya", false));
        expect("Kenya was the country where Barack Obama was born.", Intent.EDIT,
                new ParsedTriple("Barack_Obama", "born_in", "Kenya", false));
    }

    @Test
    void sentencesTypedWithoutCapitalsFindTheirNames() {
        expect("michelle obama went to princeton university", Intent.EDIT,
                new ParsedTriple("Michelle_Obama", "education", "Princeton_University", false));
        expect("neil lennon plays for celtic f.c.", Intent.EDIT,
                new ParsedTriple("Neil_Lennon", "plays_for", "Celtic_F.C.", false));
    }

    @Test
    void embeddedQuestionsWithARelationNounAskThatRelation() {
        expect("Can you tell me which party Joe Biden belongs to?", Intent.QUERY,
                new ParsedTriple("Joe_Biden", "party", null, false));
        expect("Tell me which party Joe Biden is in.", Intent.QUERY,
                new ParsedTriple("Joe_Biden", "party", null, false));
    }

    @Test
    void aMemberOfAPartyIsThePartyRelation() {
        expect("Mike Pence is a Republican.", Intent.EDIT, new ParsedTriple("Mike_Pence", "party", "Republican", false));
    }

    @Test
    void coordinatedSubjectsGiveOneTripleEach() {
        expect("Donald Trump and Ivanka Trump were both born in New York.", Intent.EDIT,
                new ParsedTriple("Donald_Trump", "born_in", "New_York", false),
                new ParsedTriple("Ivanka_Trump", "born_in", "New_York", false));
    }

    @Test
    void questionsAskForTheMissingSideByWordOrder() {
        expect("Do you know who Barack Obama married?", Intent.QUERY, new ParsedTriple("Barack_Obama", "spouse", null, false));
    }

    @Test
    void negationRetracts() {
        expect("Donald Trump doesn't belong to the Republican party any longer.", Intent.RETRACT,
                new ParsedTriple("Donald_Trump", "party", "Republican", false));
    }

    @Test
    void saysNothingWhenTheSentenceNamesNoRelation() {
        assertEquals(Intent.UNKNOWN, withEncoder.interpret("Who is Barack Obama?").intent());
        assertEquals(Intent.UNKNOWN, withEncoder.interpret("What do you know about Melania Trump?").intent());
        assertEquals(Intent.UNKNOWN, withEncoder.interpret("Barack Obama and Michelle Obama.").intent());
    }
}
