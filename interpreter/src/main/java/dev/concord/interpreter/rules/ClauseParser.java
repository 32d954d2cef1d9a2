package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.RelationIndex;

/**
 * The grammar of the rule interpreter over one tokenised text: clause forms for statements,
 * questions, noun phrases and corrections. Every form reads token spans and looks phrases up
 * in the {@link RelationIndex}; entity spans are linked through the {@link Lexicon}.
 * One instance serves one text (it is cheap and not thread-safe).
 */
final class ClauseParser extends QuestionParser {

    ClauseParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        super(tokens, index, lexicon);
    }

    /** Any one clause: a wh-question, a yes/no question, or a statement. */
    Clause clause(int a, int b, boolean elision) {
        if (a >= b) {
            return null;
        }
        String first = t.norm[a];
        if (WH.contains(first) || (a + 1 < b && isPreposition(first) && (t.norm[a + 1].equals("which") || t.norm[a + 1].equals("what")))) {
            return question(a, b);
        }
        if (YES_NO_AUX.contains(first) && !elision) {
            return yesNo(a, b);
        }
        return statement(a, b, false, elision);
    }
}
