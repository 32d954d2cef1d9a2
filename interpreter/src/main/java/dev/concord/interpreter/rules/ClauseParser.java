package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.BuiltInPhrasings.WhClass;
import dev.concord.interpreter.linking.Labels;
import dev.concord.interpreter.linking.Literals;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.linking.RelationIndex.Sense;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The grammar of the rule interpreter over one tokenised text: clause forms for statements,
 * questions, noun phrases and corrections. Every form reads token spans and looks phrases up
 * in the {@link RelationIndex}; entity spans are linked through the {@link Lexicon}.
 * One instance serves one text (it is cheap and not thread-safe).
 */
final class ClauseParser {

    enum Kind { ENTITY, NEW, LITERAL, QUESTION, PRONOUN, ELIDED, WILDCARD }

    /** One side of a fact: a linked entity, a new entity, a literal, or a placeholder resolved later. */
    record Term(Kind kind, String value) {
        static final Term QUESTION = new Term(Kind.QUESTION, null);
        static final Term ELIDED = new Term(Kind.ELIDED, null);

        boolean isName() {
            return kind == Kind.ENTITY || kind == Kind.NEW || kind == Kind.LITERAL;
        }
    }

    record Fact(Term subject, String relation, Term object) {
    }

    /** What one clause says: its facts, whether it was negated ("no longer", "not"), whether it asks. */
    record Clause(List<Fact> facts, boolean negated) {
        boolean asks() {
            for (Fact f : facts) {
                if (f.subject().kind() == Kind.QUESTION || f.object().kind() == Kind.QUESTION) {
                    return true;
                }
            }
            return false;
        }

        Term firstSubject() {
            return facts.get(0).subject();
        }
    }

    /** "Donald Trump's wife", "the capital of Tanzania": whose relation it names. */
    record NounPhrase(List<Term> owner, Sense sense) {
    }

    private record AuxRun(int end, int count, boolean negated) {
    }

    static final Set<String> AUX = Set.of("is", "was", "are", "were", "be", "been", "being", "has", "have", "had",
            "will", "would", "does", "do", "did", "am", "shall", "should", "may", "might", "must", "can", "could");
    static final Set<String> YES_NO_AUX = Set.of("is", "was", "are", "were", "does", "did", "do", "has", "have", "had");
    private static final Set<String> STRICT_AUX = Set.of("is", "was", "are", "were", "does", "did", "do", "am");
    private static final Set<String> COPULAS = Set.of("is", "was", "are", "were");
    private static final Set<String> ADVERBS = Set.of("now", "also", "still", "currently", "actually", "really", "indeed",
            "already", "presently", "recently", "originally", "truly", "definitely", "certainly", "once", "formerly", "apparently");
    private static final Set<String> PRONOUNS = Set.of("he", "she", "it", "they", "him", "her", "them", "his", "its", "their",
            "hers", "theirs", "i", "me", "my", "we", "us", "our", "you", "your");
    private static final Set<String> POSSESSIVE_PRONOUNS = Set.of("his", "her", "its", "their");
    static final Set<String> WH = Set.of("who", "whom", "what", "where", "when", "which", "whose", "how", "why");
    private static final Set<String> WILDCARDS = Set.of("everything", "anything", "something", "someone", "somebody",
            "anyone", "anybody", "everyone", "everybody", "nothing", "nobody", "all", "every", "whatever", "whoever", "any");
    private static final Set<String> PUNCT = Set.of(",", ";", ":", ".", "!", "?", "-", "--");
    private static final Set<String> BLOCKING_STARTS = Set.of("that", "this", "these", "those", "there", "if", "whether",
            "and", "or", "but", "of", "to", "for", "in", "on", "at", "by", "with", "from", "not", "no");
    private static final Map<String, WhClass> WH_NOUNS = Map.ofEntries(
            Map.entry("city", WhClass.WHERE), Map.entry("country", WhClass.WHERE), Map.entry("place", WhClass.WHERE),
            Map.entry("town", WhClass.WHERE), Map.entry("state", WhClass.WHERE), Map.entry("continent", WhClass.WHERE),
            Map.entry("region", WhClass.WHERE), Map.entry("year", WhClass.WHEN), Map.entry("date", WhClass.WHEN),
            Map.entry("day", WhClass.WHEN), Map.entry("month", WhClass.WHEN), Map.entry("club", WhClass.WHAT),
            Map.entry("team", WhClass.WHAT), Map.entry("party", WhClass.WHAT), Map.entry("university", WhClass.WHAT),
            Map.entry("school", WhClass.WHAT), Map.entry("college", WhClass.WHAT), Map.entry("person", WhClass.WHAT),
            Map.entry("man", WhClass.WHAT), Map.entry("woman", WhClass.WHAT), Map.entry("company", WhClass.WHAT),
            Map.entry("organization", WhClass.WHAT), Map.entry("organisation", WhClass.WHAT), Map.entry("theory", WhClass.WHAT),
            Map.entry("position", WhClass.WHAT), Map.entry("film", WhClass.WHAT), Map.entry("movie", WhClass.WHAT),
            Map.entry("show", WhClass.WHAT), Map.entry("scientist", WhClass.WHAT), Map.entry("player", WhClass.WHAT),
            Map.entry("politician", WhClass.WHAT), Map.entry("president", WhClass.WHAT), Map.entry("nation", WhClass.WHERE));
    private static final Set<String> CORRECTION_LINKS = Set.of("to", "into", "as");
    private static final int MAX_MENTION_TOKENS = 12;
    private static final Set<String> ADJECTIVES = Set.of("angry", "beautiful", "big", "small", "tall", "short", "old", "young",
            "rich", "poor", "happy", "sad", "dead", "alive", "nice", "good", "bad", "great", "important", "unknown", "amazing",
            "awesome", "terrible", "wrong", "right", "true", "false", "correct", "incorrect", "married", "single", "divorced",
            "pretty", "smart", "stupid", "funny", "boring", "cool", "hot", "cold", "busy", "sick", "ill", "well", "fine", "late",
            "early", "new", "interesting", "strange", "weird", "popular", "successful", "retired", "wealthy", "clever", "kind",
            "brilliant", "evil", "lovely", "ugly", "fat", "thin", "strong", "weak", "real", "fake", "best", "worst", "better", "worse");

    /** Words that end a clause without being part of the object: "... plays for FC Nantes anymore". */
    private static final Set<String> TRAILING_ADVERBS = Set.of("anymore", "now", "too", "either", "currently", "again", "still",
            "though", "then", "today", "nowadays", "also", "instead", "indeed", "thanks", "please", "thx", "ok", "okay");
    /** A category noun before "of" that may be dropped when the rest is a known entity ("the city of Chicago"). */
    private static final Set<String> CATEGORY_NOUNS = Set.of("city", "town", "village", "state", "country", "nation", "island",
            "province", "region", "republic", "kingdom", "theory", "concept", "idea", "principle", "notion", "law", "club");

    private final Tokens t;
    private final RelationIndex index;
    private final Lexicon lexicon;

    ClauseParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        this.t = tokens;
        this.index = index;
        this.lexicon = lexicon;
    }

    // ---------------------------------------------------------------- clauses

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

    /** "S's N is O", "The N of S is O", "S [aux] V O", "S is the N of O", "S is O's N". */
    Clause statement(int a, int b, boolean auxImplied, boolean elision) {
        Clause c = possessive(a, b, auxImplied);
        if (c == null) {
            c = ofForm(a, b, auxImplied);
        }
        if (c == null) {
            c = verbScan(a, b, auxImplied, elision);
        }
        return c;
    }

    /** "Is S married to O?", "Was S born in O?", "Is O the capital of S?": a statement after an inverted aux. */
    Clause yesNo(int a, int b) {
        int start = a + 1;
        if (start < b && t.norm[start].equals("not")) {
            start++;
        }
        Clause c = statement(start, b, true, false);
        return c == null || c.asks() ? null : c;
    }

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
        if (c == null && aux.count() > 0) {
            boolean copula = false;
            for (int k = i; k < aux.end(); k++) {
                copula |= COPULAS.contains(t.norm[k]);
            }
            c = tailQuestion(aux.end(), b, whClass, copula);
        }
        if (c == null) {
            c = embeddedQuestion(i, b, whClass);
        }
        if (c == null && whNoun != null && aux.count() > 0) {
            c = askedByWhNoun(aux.end(), b, whNoun);
        }
        return c;
    }

    /**
     * "Which party does Barack Obama belong to?": when the question's noun names a relation and
     * nothing else matched, a known entity right after the aux followed by at most three words
     * is its subject.
     */
    private Clause askedByWhNoun(int start, int b, Sense whNoun) {
        for (int s = b - 1; s > start && b - s <= 3; s--) {
            List<Term> subject = mention(start, s, false);
            if (subject != null && subject.get(0).kind() == Kind.ENTITY) {
                return build(subject, whNoun, List.of(Term.QUESTION), false);
            }
        }
        return null;
    }

    /** "What nationality is Mickey Rourke?", "Which party is Donald Trump in?": a relation noun, an aux, the subject. */
    private Clause relationNounQuestion(int i, int b) {
        for (int len = Math.min(index.maxNounTokens(), b - i - 2); len >= 1; len--) {
            Sense sense = index.noun(t.phrase(i, i + len));
            if (sense == null || WH_NOUNS.containsKey(t.phrase(i, i + len))) {
                continue;
            }
            AuxRun aux = aux(i + len, b);
            if (aux.count() == 0 || aux.end() >= b) {
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
    private Clause embeddedQuestion(int i, int b, WhClass whClass) {
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
    private Clause subjectQuestion(int i, int b) {
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
    private Clause tailQuestion(int start, int b, WhClass whClass, boolean copula) {
        for (int s = Math.max(start + 1, b - index.maxTailTokens()); s <= b; s++) {
            if (s == b && !copula) {
                // "Where is S?" asks a location; "Where does S play?" is no location question
                break;
            }
            Sense sense = index.tail(whClass, s == b ? "" : t.phrase(s, b));
            if (sense == null) {
                continue;
            }
            List<Term> subject = mention(start, s, false);
            if (subject != null) {
                return build(subject, sense, List.of(Term.QUESTION), false);
            }
        }
        return null;
    }

    /** "Whose wife is Melania Trump?" */
    private Clause whose(int i, int b) {
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

    /** "S's N is O", "his N is O" (and without the aux after an inverted question aux). */
    private Clause possessive(int a, int b, boolean auxImplied) {
        for (int p = a; p < b; p++) {
            int nounStart;
            List<Term> subject;
            if (t.norm[p].equals(Tokens.POSSESSIVE) && p > a) {
                nounStart = p + 1;
                subject = null;
            } else if (p == a && POSSESSIVE_PRONOUNS.contains(t.norm[a])) {
                nounStart = a + 1;
                subject = List.of(new Term(Kind.PRONOUN, t.norm[a]));
            } else {
                continue;
            }
            for (int len = Math.min(index.maxNounTokens(), b - nounStart - 1); len >= 1; len--) {
                Sense sense = index.noun(t.phrase(nounStart, nounStart + len));
                if (sense == null) {
                    continue;
                }
                AuxRun aux = copula(nounStart + len, b);
                if (aux.count() == 0 && !auxImplied) {
                    continue;
                }
                List<Term> object = mention(aux.end(), b, true);
                if (object == null) {
                    continue;
                }
                if (subject == null) {
                    subject = mention(a, p, false);
                    if (subject == null) {
                        break;
                    }
                }
                return build(subject, sense, object, aux.negated());
            }
        }
        return null;
    }

    /** "The N of S is O". */
    private Clause ofForm(int a, int b, boolean auxImplied) {
        int i = a;
        if (i < b && Labels.isArticle(t.norm[i])) {
            i++;
        }
        for (int len = Math.min(index.maxNounTokens(), b - i - 1); len >= 1; len--) {
            int of = i + len;
            if (of >= b || !t.norm[of].equals("of")) {
                continue;
            }
            Sense sense = index.noun(t.phrase(i, of));
            if (sense == null) {
                continue;
            }
            for (int k = of + 2; k < b; k++) {
                AuxRun aux = copula(k, b);
                if (aux.count() == 0) {
                    continue;
                }
                List<Term> subject = mention(of + 1, k, false);
                List<Term> object = subject == null ? null : mention(aux.end(), b, true);
                if (object != null) {
                    return build(subject, sense, object, aux.negated());
                }
            }
            if (auxImplied) {
                // "Is the capital of Tanzania Dodoma?": the subject is the first span that names a known entity
                for (int k = of + 2; k < b; k++) {
                    List<Term> subject = mention(of + 1, k, false);
                    if (subject == null || subject.get(0).kind() != Kind.ENTITY) {
                        continue;
                    }
                    List<Term> object = mention(k, b, true);
                    if (object != null) {
                        return build(subject, sense, object, false);
                    }
                }
            }
        }
        return null;
    }

    /**
     * "S [aux] V O" and, after an aux, "S is the N of O" and "S is O's N". The subject ends where a
     * form matches; among the split points the first whose subject is a known entity wins, else the first.
     */
    private Clause verbScan(int a, int b, boolean auxImplied, boolean elision) {
        Clause fallback = null;
        for (int i = elision ? a : a + 1; i < b; i++) {
            List<Term> subject;
            if (i == a) {
                subject = List.of(Term.ELIDED);
            } else {
                subject = mention(a, i, false);
                if (subject == null) {
                    continue;
                }
            }
            Clause c = verbAt(i, b, subject, false);
            if (c == null) {
                c = hasA(i, b, subject);
            }
            if (c == null && i > a) {
                c = symmetricPair(a, i, b);
            }
            AuxRun aux = aux(i, b);
            if (c == null && aux.end() > i) {
                c = verbAt(aux.end(), b, subject, aux.negated());
            }
            if (c == null && (aux.count() > 0 || auxImplied)) {
                c = nounOf(aux.end(), b, subject, aux.negated());
                if (c == null) {
                    c = possessiveInverted(aux.end(), b, subject, aux.negated());
                }
            }
            if (c == null) {
                continue;
            }
            Kind k = subject.get(0).kind();
            if (k == Kind.ENTITY || k == Kind.PRONOUN || k == Kind.ELIDED || k == Kind.LITERAL) {
                return c;
            }
            if (fallback == null) {
                fallback = c;
            }
        }
        return fallback;
    }

    /** "S has a daughter named O", "S had a wife called O": a relation noun after "has a". */
    private Clause hasA(int i, int b, List<Term> subject) {
        String w = t.norm[i];
        if (!(w.equals("has") || w.equals("had") || w.equals("have"))) {
            return null;
        }
        int k = i + 1;
        if (k < b && Labels.isArticle(t.norm[k])) {
            k++;
        }
        for (int len = Math.min(index.maxNounTokens(), b - k - 1); len >= 1; len--) {
            Sense sense = index.noun(t.phrase(k, k + len));
            if (sense == null) {
                continue;
            }
            int o = k + len;
            if (o < b && (t.norm[o].equals("named") || t.norm[o].equals("called") || t.norm[o].equals(","))) {
                o++;
            }
            List<Term> object = mention(o, b, true);
            if (object != null) {
                return build(subject, sense, object, false);
            }
        }
        return null;
    }

    /**
     * "Melania Trump and Donald Trump are married": two known entities and a phrasing of a
     * symmetric relation (its own inverse) with nothing after it.
     */
    private Clause symmetricPair(int a, int i, int b) {
        AuxRun aux = aux(i, b);
        if (aux.count() == 0 || aux.end() >= b) {
            return null;
        }
        int end = b;
        if (end - aux.end() > 2 && t.norm[end - 1].equals("other") && t.norm[end - 2].equals("each")) {
            end -= 2;
        }
        Sense sense = index.verb(t.phrase(aux.end(), end));
        if (sense == null || !index.inverse(sense.relation()).map(sense.relation()::equals).orElse(false)) {
            return null;
        }
        List<Term> pair = mention(a, i, false);
        if (pair == null || pair.size() != 2 || pair.get(0).kind() != Kind.ENTITY) {
            return null;
        }
        return new Clause(List.of(new Fact(pair.get(0), sense.relation(), pair.get(1))), aux.negated());
    }

    /** A verb phrasing at {@code j}, longest first, followed by a non-empty object. */
    private Clause verbAt(int j, int b, List<Term> subject, boolean negated) {
        for (int len = Math.min(index.maxVerbTokens(), b - j - 1); len >= 1; len--) {
            Sense sense = index.verb(t.phrase(j, j + len));
            if (sense == null) {
                continue;
            }
            Clause dated = datedObject(j + len, b, subject, sense, negated);
            if (dated != null) {
                return dated;
            }
            List<Term> object = mention(j + len, b, true);
            if (object != null) {
                return build(subject, sense, object, negated);
            }
        }
        return null;
    }

    /**
     * "born in New York in 1946": a trailing "in/on DATE" after the object is split off; it becomes a
     * second fact when the relation has a literal counterpart (born_in and birth_date), else it is dropped.
     */
    private Clause datedObject(int o, int b, List<Term> subject, Sense sense, boolean negated) {
        for (int q = b - 1; q > o; q--) {
            String w = t.norm[q];
            if (!(w.equals("in") || w.equals("on") || w.equals("since"))) {
                continue;
            }
            if (!Character.isDigit(t.norm[b - 1].charAt(0))) {
                return null;
            }
            Optional<String> date = Literals.parse(t.join(q + 1, b));
            if (date.isEmpty()) {
                return null;
            }
            List<Term> object = mention(o, q, true);
            if (object == null || object.get(0).kind() == Kind.LITERAL) {
                return null;
            }
            Clause main = build(subject, sense, object, negated);
            String dateRelation = index.forLiteralObject(sense.relation());
            if (sense.inverted() || dateRelation.equals(sense.relation())) {
                return main;
            }
            List<Fact> facts = new ArrayList<>(main.facts());
            for (Term s : subject) {
                facts.add(new Fact(s, dateRelation, new Term(Kind.LITERAL, date.get())));
            }
            return new Clause(facts, negated);
        }
        return null;
    }

    /** After an aux: "[the] N of O" makes the sentence's subject the value: (O, N, subject). */
    private Clause nounOf(int k, int b, List<Term> subject, boolean negated) {
        NounPhrase np = nounOfOwner(k, b);
        return np == null ? null : build(np.owner(), np.sense(), subject, negated);
    }

    /** After an aux: "O's N" to the end makes the sentence's subject the value: (O, N, subject). */
    private Clause possessiveInverted(int k, int b, List<Term> subject, boolean negated) {
        for (int p = k + 1; p < b - 1; p++) {
            if (!t.norm[p].equals(Tokens.POSSESSIVE)) {
                continue;
            }
            Sense sense = index.noun(t.phrase(p + 1, b));
            if (sense == null) {
                continue;
            }
            List<Term> owner = mention(k, p, false);
            if (owner != null) {
                return build(owner, sense, subject, negated);
            }
        }
        return null;
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
    private NounPhrase nounOfOwner(int a, int b) {
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

    /** "change X's N to O", "update the N of X from Z to O", "set X's N as O". */
    Clause correction(int a, int b) {
        for (int k = a + 2; k < b - 1; k++) {
            if (!CORRECTION_LINKS.contains(t.norm[k])) {
                continue;
            }
            int npEnd = k;
            for (int f = a + 2; f < k; f++) {
                if (t.norm[f].equals("from")) {
                    npEnd = f;
                    break;
                }
            }
            NounPhrase np = nounPhrase(a, npEnd);
            if (np == null) {
                continue;
            }
            List<Term> object = mention(k + 1, b, false);
            if (object != null) {
                return build(np.owner(), np.sense(), object, false);
            }
        }
        return null;
    }

    /** A statement introduced by "if"/"whether" after a query prefix ("do you know if ..."). */
    Clause embeddedYesNo(int a, int b) {
        if (a < b && (t.norm[a].equals("if") || t.norm[a].equals("whether") || t.norm[a].equals("that"))) {
            Clause c = statement(a + 1, b, false, false);
            return c == null || c.asks() ? null : c;
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    private Clause build(List<Term> subjects, Sense sense, List<Term> objects, boolean negated) {
        List<Fact> facts = new ArrayList<>(subjects.size() * objects.size());
        for (Term s : subjects) {
            for (Term o : objects) {
                facts.add(sense.inverted() ? new Fact(o, sense.relation(), s) : new Fact(s, sense.relation(), o));
            }
        }
        return new Clause(facts, negated);
    }

    /** Verbs that link a plural relation noun to its objects like a copula: "X's children include A and B". */
    private static final Set<String> INCLUDE = Set.of("include", "includes", "included");

    /** An aux run, or "include" after a relation noun (read as "are"). */
    private AuxRun copula(int i, int b) {
        if (i + 1 < b && INCLUDE.contains(t.norm[i])) {
            return new AuxRun(i + 1, 1, false);
        }
        return aux(i, b);
    }

    private AuxRun aux(int i, int b) {
        int count = 0;
        boolean negated = false;
        while (i < b) {
            String w = t.norm[i];
            if (AUX.contains(w)) {
                count++;
                i++;
            } else if (ADVERBS.contains(w)) {
                i++;
            } else if (w.equals("not") || w.equals("never")) {
                negated = true;
                i++;
            } else if (w.equals("no") && i + 1 < b && t.norm[i + 1].equals("longer")) {
                negated = true;
                i += 2;
            } else {
                break;
            }
        }
        return new AuxRun(i, count, negated);
    }

    private int trimEnd(int a, int b) {
        while (b > a && PUNCT.contains(t.norm[b - 1])) {
            b--;
        }
        return b;
    }

    private static boolean isPreposition(String w) {
        return w.equals("in") || w.equals("on") || w.equals("at") || w.equals("from") || w.equals("for") || w.equals("to");
    }

    /**
     * Links a token span to terms: a pronoun, the asked part of a question ("who"), a literal, a
     * known entity (or several known entities joined by "and"), or a new entity; null when the
     * span cannot be a name (empty, too long, an aux or question word inside, an unresolved
     * possessive). For an object, a trailing ", not Z" / "instead of Z" is dropped.
     */
    List<Term> mention(int from, int to, boolean isObject) {
        while (from < to && PUNCT.contains(t.norm[from])) {
            from++;
        }
        if (isObject) {
            for (int i = from + 1; i < to; i++) {
                String w = t.norm[i];
                if ((w.equals(",") && i + 1 < to && (t.norm[i + 1].equals("not") || t.norm[i + 1].equals("rather") || t.norm[i + 1].equals("instead")))
                        || (w.equals("instead") && i + 1 < to && t.norm[i + 1].equals("of"))
                        || (w.equals("rather") && i + 1 < to && t.norm[i + 1].equals("than"))) {
                    to = i;
                    break;
                }
            }
        }
        to = trimEnd(from, to);
        if (isObject) {
            while (to - from > 1 && TRAILING_ADVERBS.contains(t.norm[to - 1])) {
                to = trimEnd(from, to - 1);
            }
            if (to - from > 2 && ((t.norm[to - 1].equals("more") && t.norm[to - 2].equals("any"))
                    || (t.norm[to - 1].equals("well") && t.norm[to - 2].equals("as")))) {
                to = trimEnd(from, to - 2);
            }
            if (to - from > 1 && t.norm[from].equals("that")) {
                // "the key idea of Germ Theory is that microorganisms cause disease"
                from++;
            }
        }
        if (from >= to || to - from > MAX_MENTION_TOKENS) {
            return null;
        }
        if (to - from > 3 && (t.norm[from].equals("both") || t.norm[from].equals("either"))) {
            from++;
        }
        if (!isObject && to - from > 3 && (t.norm[to - 1].equals("both") || t.norm[to - 1].equals("all"))) {
            // "Bill Clinton and Hillary Clinton both studied at ...": the quantifier closes the subject
            to = trimEnd(from, to - 1);
        }
        String first = t.norm[from];
        if (to - from == 1) {
            if (Labels.isArticle(first)) {
                return null;
            }
            if (PRONOUNS.contains(first)) {
                return List.of(new Term(Kind.PRONOUN, first));
            }
            if (WH.contains(first)) {
                return isObject && !first.equals("how") && !first.equals("why") ? List.of(Term.QUESTION) : null;
            }
        }
        if (PRONOUNS.contains(first) || BLOCKING_STARTS.contains(first) || WH.contains(first)) {
            return null;
        }
        boolean hasPossessive = false;
        boolean hasConjunction = false;
        for (int i = from; i < to; i++) {
            String w = t.norm[i];
            if (STRICT_AUX.contains(w) || WH.contains(w) || w.equals("not")) {
                return null;
            }
            if (WILDCARDS.contains(w)) {
                return List.of(new Term(Kind.WILDCARD, t.join(from, to)));
            }
            hasPossessive |= w.equals(Tokens.POSSESSIVE);
            hasConjunction |= w.equals("and") || w.equals("&") || w.equals(",");
        }
        String text = t.join(from, to);
        if (Character.isDigit(first.charAt(0)) || to - from <= 4) {
            Optional<String> literal = Literals.parse(text);
            if (literal.isPresent()) {
                return List.of(new Term(Kind.LITERAL, literal.get()));
            }
        }
        Optional<String> entity = lexicon.findEntity(text);
        if (entity.isPresent()) {
            return List.of(new Term(Kind.ENTITY, entity.get()));
        }
        int head = Labels.isArticle(first) ? from + 1 : from;
        if (head + 2 < to && CATEGORY_NOUNS.contains(t.norm[head]) && t.norm[head + 1].equals("of")) {
            Optional<String> rest = lexicon.findEntity(t.join(head + 2, to));
            if (rest.isPresent()) {
                return List.of(new Term(Kind.ENTITY, rest.get()));
            }
        }
        if (hasConjunction) {
            List<Term> parts = conjuncts(from, to);
            if (parts != null) {
                return parts;
            }
        }
        if (hasPossessive) {
            return null;
        }
        if (isObject && to - from == 1 && looksLikeAdjective(t.text[from])) {
            // "Obama's father is famous" says nothing the graph can hold
            return null;
        }
        for (int i = from + 1; i < to; i++) {
            if (t.norm[i].equals(",")) {
                // "Novo Mesto, Slovenia": a new name ends at a comma; what follows only locates it
                return mention(from, i, false);
            }
        }
        String name = Labels.newLocalName(text);
        return name.isEmpty() ? null : List.of(new Term(Kind.NEW, name));
    }

    /** A lower-case word that describes rather than names: a common adjective or an -ous/-ful/-less word. */
    private static boolean looksLikeAdjective(String word) {
        if (word.isEmpty() || !word.equals(word.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return ADJECTIVES.contains(word) || word.endsWith("ous") || word.endsWith("ful") || word.endsWith("less");
    }

    /** "Olympique de Marseille and FC Nantes": several names, kept only when every one is a known entity. */
    private List<Term> conjuncts(int from, int to) {
        List<Term> parts = new ArrayList<>(3);
        int start = from;
        for (int i = from; i <= to; i++) {
            boolean boundary = i == to || t.norm[i].equals("and") || t.norm[i].equals("&") || t.norm[i].equals(",");
            if (!boundary) {
                continue;
            }
            if (i > start) {
                Optional<String> e = lexicon.findEntity(t.join(start, i));
                if (e.isEmpty()) {
                    return null;
                }
                parts.add(new Term(Kind.ENTITY, e.get()));
            }
            start = i + 1;
        }
        return parts.size() >= 2 ? parts : null;
    }
}
