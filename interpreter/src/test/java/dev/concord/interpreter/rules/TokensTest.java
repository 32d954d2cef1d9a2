package dev.concord.interpreter.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void splitsPossessivesContractionsAndClausePunctuationButKeepsInitials() {
        Tokens t = Tokens.of("Who's Washington D.C.'s founder? Trump’s wife isn't \"Ivana\".");
        assertArrayEquals(new String[] {"who", "is", "washington", "d.c.", "'s", "founder", "?", "trump", "'s", "wife", "is", "not", "ivana", "."},
                t.norm);
        assertEquals("Washington D.C.'s founder?", t.join(2, 7));
    }

    @Test
    void aSentenceEndingPeriodIsSeparatedFromAWordButNotFromAnAbbreviation() {
        assertArrayEquals(new String[] {"born", "in", "slovenia", "."}, Tokens.of("born in Slovenia.").norm);
        assertArrayEquals(new String[] {"father", "is", "thomas", "jr."}, Tokens.of("father is Thomas Jr.").norm);
        assertArrayEquals(new String[] {"plays", "for", "hull", "city", "a.f.c."}, Tokens.of("plays for Hull City A.F.C.").norm);
    }
}
