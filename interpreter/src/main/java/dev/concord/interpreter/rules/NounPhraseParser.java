package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.Labels;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.linking.RelationIndex.Sense;
import java.util.List;

/** Noun phrases that name a relation of an owner: "Donald Trump's wife", "his wife", "the capital of Tanzania". */
abstract class NounPhraseParser extends MentionParser {

    NounPhraseParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        super(tokens, index, lexicon);
    }

    /** "Donald Trump's wife", "his wife", "the capital of Tanzania", covering the whole span. */
    NounPhrase nounPhrase(int a, int b) {
        b = trimEnd(a, b);
        if (b - a > 3 && t.norm[b - 1].equals("name") && t.norm[b - 2].equals(Tokens.POSSESSIVE)) {
            // "Richard Nixon's wife's name"
            b -= 2;
        }
        for (int p = a + 1; p < b - 1; p++) {
            if (!t.norm[p].equals(Tokens.POSSESSIVE)) {
                continue;
            }
            Sense sense = index.noun(t.phrase(p + 1, b));
            if (sense != null) {
                List<Term> owner = mention(a, p, false);
                if (owner != null) {
                    return new NounPhrase(owner, sense);
                }
            }
        }
        if (a < b && POSSESSIVE_PRONOUNS.contains(t.norm[a]) && b - a >= 2) {
            Sense sense = index.noun(t.phrase(a + 1, b));
            if (sense != null) {
                return new NounPhrase(List.of(new Term(Kind.PRONOUN, t.norm[a])), sense);
            }
        }
        return nounOfOwner(a, b);
    }

    /** "[the] N of O" from token a to b: the longest relation noun N before "of" and the mention O. */
    NounPhrase nounOfOwner(int a, int b) {
        int i = a;
        if (i < b && Labels.isArticle(t.norm[i])) {
            i++;
        }
        for (int len = Math.min(index.maxNounTokens(), b - i - 2); len >= 1; len--) {
            int of = i + len;
            if (!t.norm[of].equals("of")) {
                continue;
            }
            Sense sense = index.noun(t.phrase(i, of));
            if (sense == null) {
                continue;
            }
            List<Term> owner = mention(of + 1, b, false);
            if (owner != null) {
                return new NounPhrase(owner, sense);
            }
        }
        return null;
    }
}
