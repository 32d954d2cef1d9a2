package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.BuiltInPhrasings.WhClass;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.linking.RelationIndex.Sense;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every layer of the rule grammar shares: the parsed pieces (terms, facts, clauses), the word
 * lists, the token span, the relation index and the lexicon, and the small helpers (aux runs,
 * building facts). The layers extend each other, each using only those below it:
 * {@link MentionParser} (names, literals, pronouns), {@link NounPhraseParser} ("Donald Trump's wife"),
 * {@link StatementParser} (statements, yes/no questions, corrections), {@link QuestionParser}
 * (wh-questions), and {@link ClauseParser}, which picks the form of a clause.
 */
abstract class ParserBase {

    ParserBase(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        this.t = tokens;
        this.index = index;
        this.lexicon = lexicon;
    }

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

    record AuxRun(int end, int count, boolean negated) {
    }

    static final Set<String> AUX = Set.of("is", "was", "are", "were", "be", "been", "being", "has", "have", "had",
            "will", "would", "does", "do", "did", "am", "shall", "should", "may", "might", "must", "can", "could");

    static final Set<String> YES_NO_AUX = Set.of("is", "was", "are", "were", "does", "did", "do", "has", "have", "had");

    static final Set<String> STRICT_AUX = Set.of("is", "was", "are", "were", "does", "did", "do", "am");

    static final Set<String> COPULAS = Set.of("is", "was", "are", "were");

    static final Set<String> ADVERBS = Set.of("now", "also", "still", "currently", "actually", "really", "indeed",
            "already", "presently", "recently", "originally", "truly", "definitely", "certainly", "once", "formerly", "apparently");

    static final Set<String> PRONOUNS = Set.of("he", "she", "it", "they", "him", "her", "them", "his", "its", "their",
            "hers", "theirs", "i", "me", "my", "we", "us", "our", "you", "your");

    static final Set<String> POSSESSIVE_PRONOUNS = Set.of("his", "her", "its", "their");

    static final Set<String> WH = Set.of("who", "whom", "what", "where", "when", "which", "whose", "how", "why");

    static final Set<String> WILDCARDS = Set.of("everything", "anything", "something", "someone", "somebody",
            "anyone", "anybody", "everyone", "everybody", "nothing", "nobody", "all", "every", "whatever", "whoever", "any");

    static final Set<String> PUNCT = Set.of(",", ";", ":", ".", "!", "?", "-", "--");

    static final Set<String> BLOCKING_STARTS = Set.of("that", "this", "these", "those", "there", "if", "whether",
            "and", "or", "but", "of", "to", "for", "in", "on", "at", "by", "with", "from", "not", "no");

    static final Map<String, WhClass> WH_NOUNS = Map.ofEntries(
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

    static final Set<String> CORRECTION_LINKS = Set.of("to", "into", "as");

    static final int MAX_MENTION_TOKENS = 12;

    static final Set<String> ADJECTIVES = Set.of("angry", "beautiful", "big", "small", "tall", "short", "old", "young",
            "rich", "poor", "happy", "sad", "dead", "alive", "nice", "good", "bad", "great", "important", "unknown", "amazing",
            "awesome", "terrible", "wrong", "right", "true", "false", "correct", "incorrect", "married", "single", "divorced",
            "pretty", "smart", "stupid", "funny", "boring", "cool", "hot", "cold", "busy", "sick", "ill", "well", "fine", "late",
            "early", "new", "interesting", "strange", "weird", "popular", "successful", "retired", "wealthy", "clever", "kind",
            "brilliant", "evil", "lovely", "ugly", "fat", "thin", "strong", "weak", "real", "fake", "best", "worst", "better", "worse");

    /** Words that end a clause without being part of the object: "... plays for FC Nantes anymore". */
    static final Set<String> TRAILING_ADVERBS = Set.of("anymore", "now", "too", "either", "currently", "again", "still",
            "though", "then", "today", "nowadays", "also", "instead", "indeed", "thanks", "please", "thx", "ok", "okay");

    /** A category noun before "of" that may be dropped when the rest is a known entity ("the city of Chicago"). */
    static final Set<String> CATEGORY_NOUNS = Set.of("city", "town", "village", "state", "country", "nation", "island",
            "province", "region", "republic", "kingdom", "theory", "concept", "idea", "principle", "notion", "law", "club");

    final Tokens t;

    final RelationIndex index;

    final Lexicon lexicon;

    /**
     * The sense's relation, or the alternative that the subject already uses in the graph when it does
     * not use the first ("Charles Darwin came up with ..." is his discovery, Einstein's is his theory).
     */
    String relationFor(Term subject, Sense sense) {
        if (sense.alternatives().isEmpty() || subject.kind() != Kind.ENTITY) {
            return sense.relation();
        }
        Set<String> used = lexicon.subjectRelations(subject.value());
        if (used.contains(sense.relation())) {
            return sense.relation();
        }
        for (String alternative : sense.alternatives()) {
            if (used.contains(alternative)) {
                return alternative;
            }
        }
        return sense.relation();
    }

    Clause build(List<Term> subjects, Sense sense, List<Term> objects, boolean negated) {
        List<Fact> facts = new ArrayList<>(subjects.size() * objects.size());
        for (Term s : subjects) {
            for (Term o : objects) {
                Term subject = sense.inverted() ? o : s;
                facts.add(new Fact(subject, relationFor(subject, sense), sense.inverted() ? s : o));
            }
        }
        return new Clause(facts, negated);
    }

    /** Verbs that link a plural relation noun to its objects like a copula: "X's children include A and B". */
    static final Set<String> INCLUDE = Set.of("include", "includes", "included");

    /** An aux run, or "include" after a relation noun (read as "are"). */
    AuxRun copula(int i, int b) {
        if (i + 1 < b && INCLUDE.contains(t.norm[i])) {
            return new AuxRun(i + 1, 1, false);
        }
        return aux(i, b);
    }

    AuxRun aux(int i, int b) {
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

    int trimEnd(int a, int b) {
        while (b > a && PUNCT.contains(t.norm[b - 1])) {
            b--;
        }
        return b;
    }

    static boolean isPreposition(String w) {
        return w.equals("in") || w.equals("on") || w.equals("at") || w.equals("from") || w.equals("for") || w.equals("to");
    }
}
