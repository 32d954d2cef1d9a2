package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.BuiltInPhrasings.WhClass;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.linking.RelationIndex.Sense;
import java.util.List;

/** Wh-questions: "Who is the mother of S?", "Where was S born?", "Who founded O?", "Whose N is O?". */
abstract class QuestionParser extends StatementParser {

    QuestionParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        super(tokens, index, lexicon);
    }

    /** Words after the subject of an embedded question with a relation noun ("is a member of"). */
    private static final int EMBEDDED_TAIL = 4;

    /** Wh-questions: "Who is the mother of S?", "Where was S born?", "Who founded O?", "Whose N is O?". */
    Clause question(int a, int b) {
        int i = a;
        if (isPreposition(t.norm[i]) && i + 1 < b) {
            i++;
        }
        String w = t.norm[i];
        WhClass whClass;
        Sense whNoun = null;
        switch (w) {
            case "where" -> {
                whClass = WhClass.WHERE;
                i++;
            }
            case "when" -> {
                whClass = WhClass.WHEN;
                i++;
            }
            case "who", "whom" -> {
                whClass = WhClass.WHAT;
                i++;
            }
            case "what", "which" -> {
                i++;
                Clause asked = relationNounQuestion(i, b);
                if (asked != null) {
                    return asked;
                }
                WhClass byNoun = i < b ? WH_NOUNS.get(t.norm[i]) : null;
                if (byNoun != null && !(i + 1 < b && t.norm[i + 1].equals("of"))) {
                    whClass = byNoun;
                    whNoun = index.noun(t.norm[i]);
                    i++;
                } else {
                    whClass = WhClass.WHAT;
                }
            }
            case "whose" -> {
                return whose(i + 1, b);
            }
            default -> {
                return null;
            }
        }
        if (i >= b) {
            return null;
        }
        Clause c = whClass == WhClass.WHAT ? subjectQuestion(i, b) : null;
        AuxRun aux = aux(i, b);
        if (c == null && aux.count() > 0) {
            NounPhrase np = nounPhrase(aux.end(), b);
            if (np != null) {
                c = build(np.owner(), np.sense(), List.of(Term.QUESTION), false);
            }
        }
        if (c == null && whNoun != null && aux.count() > 0 && b - 1 > aux.end() && isPreposition(t.norm[b - 1])) {
            // "Which party is Kamala Harris in?": a bare preposition after the subject says nothing; the noun
            // names the relation
            List<Term> subject = mention(aux.end(), b - 1, false);
            if (subject != null && subject.get(0).kind() == Kind.ENTITY) {
                c = build(subject, whNoun, List.of(Term.QUESTION), false);
            }
        }
        if (c == null && aux.count() > 0) {
            boolean copula = false;
            for (int k = i; k < aux.end(); k++) {
                copula |= COPULAS.contains(t.norm[k]);
            }
            c = tailQuestion(aux.end(), b, whClass, copula);
        }
        if (c == null && whNoun != null && aux.count() == 0) {
            // embedded order: "which party Joe Biden belongs to", "which party Joe Biden is in"
            c = askedByWhNoun(i, b, whNoun, EMBEDDED_TAIL);
        }
        if (c == null) {
            c = embeddedQuestion(i, b, whClass);
        }
        if (c == null && whNoun != null && aux.count() > 0) {
            c = askedByWhNoun(aux.end(), b, whNoun, 3);
        }
        return c;
    }

    /**
     * "Which party does Barack Obama belong to?": when the question's noun names a relation and
     * nothing else matched, a known entity right after the aux followed by at most {@code maxTail}
     * words is its subject.
     */
    Clause askedByWhNoun(int start, int b, Sense whNoun, int maxTail) {
        for (int s = b - 1; s > start && b - s <= maxTail; s--) {
            List<Term> subject = mention(start, s, false);
            if (subject != null && subject.get(0).kind() == Kind.ENTITY) {
                return build(subject, whNoun, List.of(Term.QUESTION), false);
            }
        }
        return null;
    }

    /**
     * "What nationality is Mickey Rourke?", "Which party is Donald Trump in?": a relation noun, an aux, the
     * subject; or, in an embedded question, the noun, the subject and at most four words.
     */
    Clause relationNounQuestion(int i, int b) {
        for (int len = Math.min(index.maxNounTokens(), b - i - 2); len >= 1; len--) {
            Sense sense = index.noun(t.phrase(i, i + len));
            if (sense == null || WH_NOUNS.containsKey(t.phrase(i, i + len))) {
                continue;
            }
            AuxRun aux = aux(i + len, b);
            if (aux.count() == 0 || aux.end() >= b) {
                // embedded order after "tell me" or "I wonder": "what nationality Mickey Rourke has"
                Clause embedded = askedByWhNoun(i + len, b, sense, EMBEDDED_TAIL);
                if (embedded != null) {
                    return embedded;
                }
                continue;
            }
            int end = b;
            if (end - aux.end() > 1 && isPreposition(t.norm[end - 1])) {
                end--;
            }
            List<Term> subject = mention(aux.end(), end, false);
            if (subject != null) {
                return build(subject, sense, List.of(Term.QUESTION), false);
            }
        }
        return null;
    }

    /** "tell me who Donald Trump's wife is", "where Barack Obama was born": the aux after the subject. */
    Clause embeddedQuestion(int i, int b, WhClass whClass) {
        for (int k = i + 1; k < b; k++) {
            if (!STRICT_AUX.contains(t.norm[k])) {
                continue;
            }
            if (k == b - 1) {
                NounPhrase np = nounPhrase(i, k);
                return np == null ? null : build(np.owner(), np.sense(), List.of(Term.QUESTION), false);
            }
            if (b - (k + 1) > index.maxTailTokens()) {
                return null;
            }
            Sense sense = index.tail(whClass, t.phrase(k + 1, b));
            List<Term> subject = sense == null ? null : mention(i, k, false);
            return subject == null ? null : build(subject, sense, List.of(Term.QUESTION), false);
        }
        return null;
    }

    /** The subject is asked: "Who founded O?", "Who was born in O?", "What is the capital of S?". */
    Clause subjectQuestion(int i, int b) {
        List<Term> asked = List.of(Term.QUESTION);
        Clause c = verbAt(i, b, asked, false);
        AuxRun aux = aux(i, b);
        if (c == null && aux.end() > i) {
            c = verbAt(aux.end(), b, asked, aux.negated());
        }
        if (c == null && aux.count() > 0) {
            c = nounOf(aux.end(), b, asked, false);
        }
        return c;
    }

    /** "Where was S born?", "Who is S married to?", "Which club does S play for?", "Where is S?". */
    Clause tailQuestion(int start, int b, WhClass whClass, boolean copula) {
        for (int s = Math.max(start + 1, b - index.maxTailTokens()); s <= b; s++) {
            if (s == b && !copula) {
                // "Where is S?" asks a location; "Where does S play?" is no location question
                break;
            }
            Sense sense = index.tail(whClass, s == b ? "" : t.phrase(s, b));
            if (sense == null) {
                continue;
            }
            // "Which country is Gold Coast in?" asks what "Where is Gold Coast?" asks
            int end = s == b && b - 1 > start && isPreposition(t.norm[b - 1]) ? b - 1 : s;
            List<Term> subject = mention(start, end, false);
            if (subject != null) {
                return build(subject, sense, List.of(Term.QUESTION), false);
            }
        }
        return null;
    }

    /** "Whose wife is Melania Trump?" */
    Clause whose(int i, int b) {
        for (int len = Math.min(index.maxNounTokens(), b - i - 1); len >= 1; len--) {
            Sense sense = index.noun(t.phrase(i, i + len));
            if (sense == null) {
                continue;
            }
            AuxRun aux = aux(i + len, b);
            if (aux.count() == 0) {
                continue;
            }
            List<Term> object = mention(aux.end(), b, false);
            if (object != null) {
                return build(List.of(Term.QUESTION), sense, object, false);
            }
        }
        return null;
    }
}
