package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.Labels;
import dev.concord.interpreter.linking.Literals;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.linking.RelationIndex.Sense;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Statement forms ("S's N is O", "The N of S is O", "S [aux] V O"), yes/no questions and corrections. */
abstract class StatementParser extends NounPhraseParser {

    StatementParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        super(tokens, index, lexicon);
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

    /** "S's N is O", "his N is O" (and without the aux after an inverted question aux). */
    Clause possessive(int a, int b, boolean auxImplied) {
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

    /** A verb phrasing starts at {@code j} with words after it ("discovered by Charles Darwin"). */
    boolean verbPhraseAt(int j, int b) {
        for (int len = Math.min(index.maxVerbTokens(), b - j - 1); len >= 1; len--) {
            if (index.verb(t.phrase(j, j + len)) != null) {
                return true;
            }
        }
        return false;
    }

    /** The span names an entity the graph already has. */
    boolean knownEntity(int a, int b) {
        return lexicon.findEntity(t.join(a, b)).isPresent();
    }

    /**
     * "The N of S is O". Not when "the N of S" names a known entity ("The Theory of Evolution was
     * discovered by ..."), nor when what follows the aux is a verb phrasing ("... was discovered by O"):
     * those are statements about the whole name.
     */
    Clause ofForm(int a, int b, boolean auxImplied) {
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
                if (verbPhraseAt(aux.end(), b) || knownEntity(a, k)) {
                    return null;
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
    Clause verbScan(int a, int b, boolean auxImplied, boolean elision) {
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
            // "X and Y got married in 1977": a pair and a symmetric relation come before the verb
            // forms, which would read "married in" as the year's relation for each of them.
            Clause c = subject.size() == 2 && i > a ? symmetricPair(a, i, b) : null;
            if (c == null) {
                c = verbAt(i, b, subject, false);
            }
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
    Clause hasA(int i, int b, List<Term> subject) {
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
    private static final Set<String> COUPLE = Set.of("husband and wife", "wife and husband", "man and wife",
            "a married couple", "a couple", "spouses");

    /** What a pair did, without an aux, that marries them: "X and Y married in 1975", "... tied the knot". */
    private static final Set<String> PAIR_VERBS = Set.of("married", "wed", "tied the knot", "eloped");

    Clause symmetricPair(int a, int i, int b) {
        AuxRun aux = aux(i, b);
        int start = aux.end();
        if (aux.count() == 0 && start < b && (t.norm[start].equals("got") || t.norm[start].equals("get"))) {
            start++; // "got married"
        }
        boolean bare = aux.count() == 0 && start == aux.end(); // no aux, no "got": only a pair verb
        if (start >= b) {
            return null;
        }
        int end = b;
        if (end - start > 2 && t.norm[end - 1].equals("other") && t.norm[end - 2].equals("each")) {
            end -= 2;
        }
        // a time after it ("in 1977", "on June 4, 1977") says when, not with whom
        for (int k = end - 2; k > start; k--) {
            if ((t.norm[k].equals("in") || t.norm[k].equals("on")) && Literals.parse(t.join(k + 1, end)).isPresent()) {
                end = k;
                break;
            }
        }
        String said = t.phrase(start, end);
        // "are husband and wife", "are a married couple": what "married" says of a pair
        if (bare && !PAIR_VERBS.contains(said)) {
            return null;
        }
        Sense sense = index.verb(COUPLE.contains(said) || PAIR_VERBS.contains(said) ? "married" : said);
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
    Clause verbAt(int j, int b, List<Term> subject, boolean negated) {
        for (int len = Math.min(index.maxVerbTokens(), b - j - 1); len >= 1; len--) {
            Sense sense = index.verb(t.phrase(j, j + len));
            if (sense == null) {
                continue;
            }
            Clause dated = datedObject(j + len, b, subject, sense, negated);
            if (dated == null) {
                dated = dateThenPlace(j + len, b, subject, sense, negated);
            }
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
    Clause datedObject(int o, int b, List<Term> subject, Sense sense, boolean negated) {
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

    /**
     * "born on October 20, 1964 in Oakland": a date first, then "in/at PLACE"; two facts when the
     * relation has a literal counterpart (the date's relation is chosen when the facts are finished).
     */
    Clause dateThenPlace(int o, int b, List<Term> subject, Sense sense, boolean negated) {
        if (sense.inverted()) {
            return null;
        }
        String placeRelation = sense.relation();
        if (index.forLiteralObject(placeRelation).equals(placeRelation)) {
            // "born on" names the date's relation: the place takes its entity counterpart
            placeRelation = index.forEntityObject(placeRelation).orElse(null);
            if (placeRelation == null) {
                return null;
            }
        }
        int d = o < b && (t.norm[o].equals("on") || t.norm[o].equals("in")) ? o + 1 : o;
        for (int q = b - 2; q > d; q--) {
            if (!(t.norm[q].equals("in") || t.norm[q].equals("at"))) {
                continue;
            }
            int dateEnd = q > d && t.norm[q - 1].equals(",") ? q - 1 : q;
            Optional<String> date = Literals.parse(t.join(d, dateEnd));
            if (date.isEmpty() || !Character.isDigit(t.norm[dateEnd - 1].charAt(0))) {
                continue;
            }
            List<Term> place = mention(q + 1, b, true);
            if (place == null || place.get(0).kind() == Kind.LITERAL) {
                return null;
            }
            List<Fact> facts = new ArrayList<>();
            for (Term s : subject) {
                facts.add(new Fact(s, sense.relation(), new Term(Kind.LITERAL, date.get())));
            }
            facts.addAll(build(subject, new Sense(placeRelation, false), place, negated).facts());
            return new Clause(facts, negated);
        }
        return null;
    }

    /** After an aux: "[the] N of O" makes the sentence's subject the value: (O, N, subject). */
    Clause nounOf(int k, int b, List<Term> subject, boolean negated) {
        NounPhrase np = nounOfOwner(k, b);
        return np == null ? null : build(np.owner(), np.sense(), subject, negated);
    }

    /** After an aux: "O's N" to the end makes the sentence's subject the value: (O, N, subject). */
    Clause possessiveInverted(int k, int b, List<Term> subject, boolean negated) {
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
}
