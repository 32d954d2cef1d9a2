package dev.concord.interpreter.rules;

import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.linking.Labels;
import dev.concord.interpreter.linking.Literals;
import dev.concord.interpreter.linking.RelationIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Mentions: a span as an entity the graph knows, a new name, a literal, a pronoun, a wildcard, or a list of names. */
abstract class MentionParser extends ParserBase {

    MentionParser(Tokens tokens, RelationIndex index, Lexicon lexicon) {
        super(tokens, index, lexicon);
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
    static boolean looksLikeAdjective(String word) {
        if (word.isEmpty() || !word.equals(word.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return ADJECTIVES.contains(word) || word.endsWith("ous") || word.endsWith("ful") || word.endsWith("less");
    }

    /**
     * "Olympique de Marseille and FC Nantes", "Barack Obama Sr. and Ann Dunham": several names, kept
     * only when every one is a known entity or reads as a full proper name (two to four capitalised
     * words), so that "Bosnia and Herzegovina" or "Procter & Gamble" stay one name.
     */
    List<Term> conjuncts(int from, int to) {
        List<Term> parts = new ArrayList<>(3);
        boolean and = false;
        for (int i = from; i < to; i++) {
            and |= t.norm[i].equals("and") || t.norm[i].equals("&");
        }
        int start = from;
        for (int i = from; i <= to; i++) {
            boolean boundary = i == to || t.norm[i].equals("and") || t.norm[i].equals("&") || t.norm[i].equals(",");
            if (!boundary) {
                continue;
            }
            if (i > start) {
                Optional<String> e = lexicon.findEntity(t.join(start, i));
                if (e.isPresent()) {
                    parts.add(new Term(Kind.ENTITY, e.get()));
                } else if (and && properName(start, i)) { // "Novo Mesto, Slovenia" is one place
                    parts.add(new Term(Kind.NEW, Labels.newLocalName(t.join(start, i))));
                } else {
                    return null;
                }
            }
            start = i + 1;
        }
        return parts.size() >= 2 ? parts : null;
    }

    /** Two to four words, each capitalised ("Ann Dunham", "Barack Obama Sr."). */
    boolean properName(int from, int to) {
        if (to - from < 2 || to - from > 4) {
            return false;
        }
        for (int i = from; i < to; i++) {
            String w = t.text[i];
            if (w.isEmpty() || !Character.isUpperCase(w.charAt(0))) {
                return false;
            }
        }
        return true;
    }
}
