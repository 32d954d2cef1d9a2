package dev.concord.interpreter.rules;

import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.Lexicon.RelationPhrasings;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.interpreter.linking.BuiltInPhrasings;
import dev.concord.interpreter.linking.MiniLmEncoder;
import dev.concord.interpreter.SentenceEncoder;
import dev.concord.interpreter.linking.RelationIndex;
import dev.concord.interpreter.rules.ParserBase.Clause;
import dev.concord.interpreter.rules.ParserBase.Fact;
import dev.concord.interpreter.rules.ParserBase.Kind;
import dev.concord.interpreter.rules.ParserBase.NounPhrase;
import dev.concord.interpreter.rules.ParserBase.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline interpreter (the default): English sentence forms over phrase tables, no model.
 *
 * <p>Conventions. Triples keep the relation's direction; a question about the subject puts
 * null in the subject ("Who founded the Trump Organization?" is (null, Founder,
 * Trump_Organization)), never an invented inverse. A yes/no question is a QUERY with all three
 * parts. "change X's R to Y" is an EDIT of (X, R, Y) (the controller replaces the old value of a
 * single-valued relation); a negated statement ("X's R is no longer Y", "X was not born in Y")
 * and "delete/remove/forget that ..." are RETRACTs, which always name every part. Two clauses
 * joined by "and", a comma or a full stop give two triples; he/she/it/his/her/its and a missing
 * subject refer to the first clause's subject, or to its object when the pronoun cannot be the
 * subject ("Donald Trump's wife is Melania Trump and she ..."). Everything else is UNKNOWN with a note.
 *
 * <p>Thread-safe: the phrase index is rebuilt only when the Lexicon's relations change.
 */
public final class RuleInterpreter implements Interpreter {

    public static final String NAME = "rules";
    private static final int MAX_TOKENS = 200;
    private static final int MAX_SPLIT_POINTS = 12;

    private static final Pattern FILLER = Pattern.compile("^(?:actually|in fact|fyi|btw|by the way|please note that|note that"
            + "|please note|please record that|record that|please remember that|remember that|please|kindly"
            + "|add the fact that|add that|learn that|i think that|i think|i believe that|i believe"
            + "|i know that|just so you know|for your information|for the record|ok|okay|well|hey|hi|hello|oh|just|so"
            + "|as a matter of fact|in reality|to be precise|quick question|one question|a question|question|as far as i know|afaik"
            + "|as everyone knows|everyone knows|it is well known that|it is known that|did you know that|did you know)(?: [,:;-])?(?: |$)"
            // a sentence adverb set off by a comma: "Honestly, ...", "Apparently, ..."
            + "|^[a-z]+ly ,(?: |$)"
            // a source set off by a comma: "According to my notes, ...", "According to Wikipedia, ..."
            + "|^according to (?:[a-z0-9'.-]+ ){1,4},(?: |$)"
            + "|^(?:correction|update|fact|new fact|note|remember|true|edit|info|news|no|nope|yes|wrong|not quite|not so"
            + "|that is wrong|that is not right|that is not true|that is false|that is incorrect|not true|false)(?: [,:;-])(?: |$)"
            + "|^(?:in|on|since|by) \\d{3,4}(?: [,:;-])?(?: |$)");
    private static final Pattern RETRACT = Pattern.compile("^(?:can you |could you |would you )?(?:delete|remove|retract|forget"
            + "|erase|drop|withdraw|undo|unlearn|scrap|discard|take out|get rid of|strike|cross out|take back|throw out|purge)(?: the (?:fact|claim|statement|triple|assertion|information|info"
            + "|entry|edit|knowledge|record|idea|belief))?(?: that)?(?: [,:])?(?: |$)");
    private static final Pattern DENY = Pattern.compile("^(?:it is |it was )?(?:not true|false|untrue|wrong|incorrect"
            + "|not correct|not the case|a lie|nonsense) that(?: |$)");
    private static final Pattern CHANGE = Pattern.compile("^(?:can you |could you |would you )?(?:change|update|set|correct|fix"
            + "|modify|edit|amend|make)(?: |$)");
    private static final Pattern ASK_TRUTH = Pattern.compile("^(?:is it true|is it the case|is it correct|is it right|do you think)"
            + "(?: that)?(?: |$)");
    private static final Pattern ASK = Pattern.compile("^(?:can you |could you |would you )?(?:tell me|show me|give me|let me know"
            + "|name|find|look up|i want to know|i would like to know|i wonder|do you know|does anyone know|remind me|guess"
            + "|(?:do you |does anyone )?(?:have |got )?(?:any|an) (?:idea|clue)|do you happen to know|i am curious|i'm curious)(?: |$)");
    private static final Set<String> SPLITS = Set.of("and", ",", ";", ".", "but", "while", "whereas");
    private static final Set<String> TAG_PRONOUNS = Set.of("he", "she", "it", "they");
    private static final Set<String> QUESTION_WORDS = Set.of("who", "whom", "what", "which", "where", "when", "whose", "how");

    private enum Mode { PLAIN, RETRACT, ASK }

    private static final class Cached {
        final List<RelationPhrasings> relations;
        final RelationIndex index;
        volatile ParaphraseLinker linker;

        Cached(List<RelationPhrasings> relations, RelationIndex index) {
            this.relations = relations;
            this.index = index;
        }
    }

    private final Lexicon lexicon;
    private final BuiltInPhrasings builtIn;
    private final Supplier<Optional<SentenceEncoder>> encoder;
    private volatile Cached cached;

    /** The rules with the shipped phrasings and the paraphrase path (all-MiniLM-L6-v2, loaded on first need). */
    public RuleInterpreter(Lexicon lexicon) {
        this(lexicon, BuiltInPhrasings.shipped());
    }

    public RuleInterpreter(Lexicon lexicon, BuiltInPhrasings builtIn) {
        this(lexicon, builtIn, MiniLmEncoder::shared);
    }

    /**
     * {@code encoder} supplies the sentence encoder of the paraphrase path (asked once, when a
     * sentence first needs it); an empty one turns the path off.
     */
    public RuleInterpreter(Lexicon lexicon, BuiltInPhrasings builtIn, Supplier<Optional<SentenceEncoder>> encoder) {
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
        this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @Override
    public Interpretation interpret(String text) {
        Optional<String> refusal = SafetyGuard.refusal(text);
        if (refusal.isPresent()) {
            return Interpretation.unknown(NAME, refusal.get());
        }
        java.util.regex.Matcher adverb = WH_ADVERB.matcher(text);
        if (adverb.find()) {
            // "Who exactly is Donald Trump married to?": the adverb says nothing
            text = text.substring(0, adverb.start(1)) + text.substring(adverb.end(1));
        }
        Interpretation r = interpretOnce(text);
        java.util.regex.Matcher pseudo = PSEUDO_CLEFT.matcher(text);
        if (pseudo.matches() && r.intent() != Intent.EDIT && r.intent() != Intent.RETRACT) {
            // "What Donald Trump founded was the Trump Organization.": the sentence it was made from
            String wh = pseudo.group(1).toLowerCase(java.util.Locale.ROOT);
            String plain = pseudo.group(2) + (wh.equals("where") ? " in " : " ") + pseudo.group(4) + pseudo.group(5);
            Interpretation again = interpretOnce(plain);
            if (again.intent() == Intent.EDIT && !needsParaphrase(again)) {
                r = again;
            }
        }
        java.util.regex.Matcher role = TRAILING_ROLE.matcher(text);
        if (role.find()) {
            // "Who came after Donald Trump as president?": the role says in what capacity, not which
            // relation; read without it when that reads cleanly
            Interpretation without = interpretOnce(text.substring(0, role.start()) + role.group(1));
            if (without.intent() != Intent.UNKNOWN && !needsParaphrase(without)) {
                r = without;
            }
        }
        java.util.regex.Matcher cleft = CLEFT.matcher(text);
        if (cleft.matches()) {
            // "It was Karen Pence whom Mike Pence married": the sentence the cleft was made from
            String named = cleft.group(1);
            String rest = cleft.group(3);
            String end = cleft.group(4);
            List<String> tries = cleft.group(2).equalsIgnoreCase("who")
                    ? List.of(named + " " + rest + end, rest + " " + named + end)
                    : List.of(rest + " " + named + end, named + " " + rest + end);
            for (String plain : tries) {
                Interpretation again = interpretOnce(plain);
                if (again.intent() != Intent.UNKNOWN && !needsParaphrase(again)) {
                    r = again;
                    break;
                }
            }
        }
        if (needsCase(text) && (r.intent() == Intent.UNKNOWN || needsParaphrase(r))) {
            String cased = truecase(text);
            if (!cased.equals(text)) {
                Interpretation again = interpretOnce(cased);
                if (again.intent() != Intent.UNKNOWN && !needsParaphrase(again)) {
                    return again;
                }
            }
        }
        return r;
    }

    /** An adverb right after the opening wh-word: "Who exactly ...", "Where really ...". */
    private static final Pattern WH_ADVERB = Pattern.compile("^\\s*(?:who|whom|what|which|where|when)(\\s+(?:exactly|really|actually|precisely))\\b",
            Pattern.CASE_INSENSITIVE);

    /** "What X founded was Y.", "Where X was born is Y.": a pseudo-cleft statement (the last is/was splits it). */
    private static final Pattern PSEUDO_CLEFT = Pattern.compile("^(What|Who|Whom|Where|what|who|whom|where) (.+) (is|was|are|were) (.+?)(\\s*[.!]?)\\s*$");

    /** "It was NAME who/whom/that CLAUSE.": a cleft around a name (capitalised, so not "it is not true that"). */
    private static final Pattern CLEFT = Pattern.compile("^[Ii]t(?: is| was|'s) (\\p{Lu}[^,]*?),? (who|whom|that) (.+?)(\\s*[.!?]?)\\s*$");

    /**
     * A trailing role without an article: " as president?", " as vice president." (lower case, one or two
     * words); " as well", " as usual" are no role.
     */
    private static final Pattern TRAILING_ROLE = Pattern.compile(" as (?!a |an |the |(?:well|usual|expected|before|always)\\b)[a-z]+(?: [a-z]+)?(\\s*[?.!]?\\s*)$");

    /** A sentence typed without capitals ("michelle obama went to princeton university"). */
    private static boolean needsCase(String text) {
        return text.chars().anyMatch(Character::isLetter) && text.equals(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** Longest first, at most this many words make a name looked up while restoring capitals. */
    private static final int CASE_SPAN = 6;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'.\\-]*");

    /**
     * The text with every run of words that names a known entity written as the entity's name
     * ("princeton university" -> "Princeton University"), longest run first; single words only when
     * they are not among the parser's function words.
     */
    String truecase(String text) {
        java.util.regex.Matcher m = WORD.matcher(text);
        List<int[]> words = new java.util.ArrayList<>();
        while (m.find()) {
            int end = m.end();
            while (end > m.start() + 1 && text.charAt(end - 1) == '.') { // a sentence's full stop is no part of a name
                end--;
            }
            words.add(new int[] {m.start(), end});
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < words.size(); ) {
            int taken = 0;
            for (int n = Math.min(CASE_SPAN, words.size() - i); n >= 1 && taken == 0; n--) {
                String span = text.substring(words.get(i)[0], words.get(i + n - 1)[1]);
                if (n == 1 && (span.length() < 3 || COMMON.contains(span))) {
                    continue;
                }
                Optional<String> entity = lexicon.findEntity(span);
                if (entity.isPresent()) {
                    String name = entity.get().replace('_', ' ');
                    if (!name.equalsIgnoreCase(span)) {
                        name = capitalised(span);
                    }
                    out.replace(words.get(i)[0], words.get(i + n - 1)[1], name);
                    taken = n;
                }
            }
            i += Math.max(1, taken);
        }
        return out.toString();
    }

    private static String capitalised(String span) {
        StringBuilder b = new StringBuilder(span.length());
        boolean start = true;
        for (char c : span.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : c);
            start = c == ' ';
        }
        return b.toString();
    }

    /** Words never taken alone as a name when restoring capitals. */
    private static final Set<String> COMMON = Set.of("the", "was", "were", "and", "who", "what", "where", "when", "which",
            "whose", "how", "his", "her", "their", "its", "not", "born", "married", "wife", "husband", "spouse", "party",
            "city", "country", "capital", "president", "children", "child", "son", "daughter", "father", "mother", "went",
            "school", "university", "member", "lives", "live", "lived", "works", "work", "worked", "has", "have", "had",
            "does", "did", "that", "this", "there", "here", "with", "from", "into", "for", "also", "now", "anymore", "true");

    private Interpretation interpretOnce(String text) {
        Tokens tokens = Tokens.of(text);
        if (tokens.size() > MAX_TOKENS) {
            return Interpretation.unknown(NAME, "too many words: expected at most " + MAX_TOKENS + " but found " + tokens.size());
        }
        Run run = new Run(tokens, new ClauseParser(tokens, relationIndex(), lexicon));
        Interpretation ruled = run.interpret();
        if (needsParaphrase(ruled)) {
            ParaphraseLinker linker = linker();
            if (linker != null) {
                Optional<Interpretation> p = run.paraphrase(linker);
                if (p.isPresent() && (ruled.intent() == Intent.UNKNOWN || (p.get().intent() == ruled.intent()
                        && p.get().triples().size() >= ruled.triples().size() && explains(ruled, p.get())))) {
                    return p.get();
                }
            }
        }
        return ruled;
    }

    /** Not understood, or understood with a name the graph does not know (which may hide a known one). */
    private boolean needsParaphrase(Interpretation r) {
        if (r.intent() == Intent.UNKNOWN) {
            return r.note() != null && (r.note().startsWith("not understood") || r.note().startsWith("expected a named entity"));
        }
        for (ParsedTriple p : r.triples()) {
            if ((p.subject() != null && lexicon.findEntity(p.subject()).isEmpty())
                    || (p.object() != null && !p.literal() && lexicon.findEntity(p.object()).isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every name the rules made up contains a name the paraphrase path linked
     * ("Michelle_Obama_for_decades" holds Michelle_Obama), so that a genuinely new entity
     * ("Novo_Mesto") is not replaced by a known one elsewhere in the sentence.
     */
    private boolean explains(Interpretation ruled, Interpretation paraphrased) {
        Set<String> linked = new HashSet<>();
        for (ParsedTriple p : paraphrased.triples()) {
            for (String v : new String[] {p.subject(), p.object()}) {
                if (v != null && lexicon.findEntity(v).isPresent()) { // names it made up explain nothing
                    linked.add(dev.concord.interpreter.linking.Labels.key(v));
                }
            }
        }
        for (ParsedTriple p : ruled.triples()) {
            for (String v : new String[] {p.subject(), p.object()}) {
                if (v == null || (v == p.object() && p.literal()) || lexicon.findEntity(v).isPresent()) {
                    continue;
                }
                String key = " " + dev.concord.interpreter.linking.Labels.key(v) + " ";
                if (linked.stream().noneMatch(k -> key.contains(" " + k + " "))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The paraphrase linker for the current relations, or null when no encoder can run. */
    private ParaphraseLinker linker() {
        relationIndex();
        Cached c = cached;
        ParaphraseLinker l = c.linker;
        if (l == null) {
            Optional<SentenceEncoder> e = encoder.get();
            if (e.isEmpty()) {
                return null;
            }
            synchronized (c) {
                l = c.linker;
                if (l == null) {
                    l = new ParaphraseLinker(e.get(), lexicon, builtIn, Aliases.shipped());
                    c.linker = l;
                }
            }
        }
        return l;
    }

    /** The phrase index for the Lexicon's current relations (rebuilt when they change). */
    public RelationIndex relationIndex() {
        List<RelationPhrasings> current = lexicon.relations();
        Cached c = cached;
        if (c == null || (c.relations != current && !c.relations.equals(current))) {
            c = new Cached(current, RelationIndex.build(current, builtIn));
            cached = c;
        }
        return c.index;
    }

    public Lexicon lexicon() {
        return lexicon;
    }

    /** One interpretation: prefixes, clause splitting, pronoun resolution, validation. */
    private final class Run {
        private final Tokens t;
        private final ClauseParser parser;
        private final RelationIndex index;
        private final Set<Integer> failedFrom = new HashSet<>();

        Run(Tokens tokens, ClauseParser parser) {
            this.t = tokens;
            this.parser = parser;
            this.index = relationIndex();
        }

        /** The paraphrase path over the same prefixes (fillers, retraction, question) the rules read. */
        Optional<Interpretation> paraphrase(ParaphraseLinker linker) {
            int a = 0;
            int b = t.size();
            boolean question = false;
            while (b > a && isPunct(t.norm[b - 1])) {
                question |= t.norm[b - 1].equals("?");
                b--;
            }
            a = skip(FILLER, a, b, true);
            boolean retract = false;
            int after;
            if ((after = skip(RETRACT, a, b, false)) > a || (after = skip(DENY, a, b, false)) > a) {
                retract = true;
                a = skip(FILLER, after, b, true);
            } else if ((after = skip(ASK_TRUTH, a, b, false)) > a || (after = skip(ASK, a, b, false)) > a) {
                question = true;
                a = after;
            } else if (a < b && (ClauseParser.YES_NO_AUX.contains(t.norm[a]) || QUESTION_WORDS.contains(t.norm[a]))) {
                question = true;
            }
            return a < b ? linker.interpret(t, a, b, retract, question) : Optional.empty();
        }

        Interpretation interpret() {
            int a = 0;
            int b = t.size();
            boolean questionMark = false;
            while (b > a && isPunct(t.norm[b - 1])) {
                questionMark |= t.norm[b - 1].equals("?");
                b--;
            }
            int tag = tagQuestionStart(a, b);
            if (tag > a) {
                // "Melania Trump was born in Slovenia, wasn't she?"
                b = tag;
                questionMark = true;
            }
            a = skip(FILLER, a, b, true);
            Mode mode = Mode.PLAIN;
            int after;
            if ((after = skip(RETRACT, a, b, false)) > a || (after = skip(DENY, a, b, false)) > a) {
                mode = Mode.RETRACT;
                a = skip(FILLER, after, b, true);
            } else if ((after = skip(CHANGE, a, b, false)) > a) {
                Clause c = parser.correction(after, b);
                if (c != null) {
                    return finish(List.of(c), Intent.EDIT);
                }
            } else if ((after = skip(ASK_TRUTH, a, b, false)) > a) {
                Clause c = parser.statement(after, b, false, false);
                if (c != null && !c.asks()) {
                    return finish(List.of(c), Intent.QUERY);
                }
                return unknown();
            } else if ((after = skip(ASK, a, b, false)) > a) {
                mode = Mode.ASK;
                a = after;
            }
            if (a >= b) {
                return unknown();
            }
            if (mode == Mode.ASK) {
                Clause c = parser.clause(a, b, false);
                if (c == null) {
                    c = parser.embeddedYesNo(a, b);
                    if (c != null) {
                        return finish(List.of(c), Intent.QUERY);
                    }
                    c = nounPhraseQuery(a, b);
                }
                return c != null && c.asks() ? finish(List.of(c), Intent.QUERY) : unknown();
            }
            List<Clause> clauses = sequence(a, b, null, 0);
            if (clauses == null) {
                if (questionMark && mode == Mode.PLAIN) {
                    Clause np = nounPhraseQuery(a, b);
                    if (np != null) {
                        return finish(List.of(np), Intent.QUERY);
                    }
                }
                return unknown();
            }
            boolean anyAsk = clauses.stream().anyMatch(Clause::asks);
            boolean allAsk = clauses.stream().allMatch(Clause::asks);
            boolean anyNegated = clauses.stream().anyMatch(Clause::negated);
            boolean allNegated = clauses.stream().allMatch(Clause::negated);
            if (mode == Mode.RETRACT) {
                if (anyAsk || anyNegated) {
                    return Interpretation.unknown(NAME, "a retraction must name each fact as a plain statement (no question, no negation)");
                }
                return finish(clauses, Intent.RETRACT);
            }
            if (allAsk) {
                return finish(clauses, Intent.QUERY);
            }
            if (anyAsk) {
                return Interpretation.unknown(NAME, "mixes a question with a statement: expected one or the other");
            }
            if (allNegated) {
                return finish(clauses, Intent.RETRACT);
            }
            if (anyNegated) {
                return Interpretation.unknown(NAME, "mixes a retraction with an assertion: expected one or the other");
            }
            // "is neil lennon affiliated with celtic fc": a yes/no question typed without its question mark
            boolean auxFirst = ClauseParser.YES_NO_AUX.contains(t.norm[a]);
            return finish(clauses, questionMark || auxFirst ? Intent.QUERY : Intent.EDIT);
        }

        /** Clauses covering [a, b): split at "and", commas and full stops when every part parses, else one clause. */
        private List<Clause> sequence(int a, int b, Clause previous, int depth) {
            if (failedFrom.contains(a)) {
                return null;
            }
            if (depth < Interpretation.MAX_TRIPLES) {
                int tried = 0;
                for (int s = a + 1; s < b - 1 && tried < MAX_SPLIT_POINTS; s++) {
                    String w = t.norm[s];
                    if (!SPLITS.contains(w)) {
                        continue;
                    }
                    tried++;
                    int rightStart = s + 1;
                    if (w.equals(",") && (t.norm[rightStart].equals("and") || t.norm[rightStart].equals("but"))) {
                        rightStart++;
                    }
                    Clause left = resolve(parser.clause(a, s, previous != null), previous);
                    if (left == null) {
                        continue;
                    }
                    List<Clause> rest = sequence(rightStart, b, left, depth + 1);
                    if (rest != null) {
                        List<Clause> all = new ArrayList<>(rest.size() + 1);
                        all.add(left);
                        all.addAll(rest);
                        return all;
                    }
                }
            }
            Clause whole = echo(a, b, previous);
            if (whole == null) {
                whole = resolve(parser.clause(a, b, previous != null), previous);
            }
            if (whole == null) {
                failedFrom.add(a);
                return null;
            }
            return List.of(whole);
        }

        /**
         * "..., and so was Michelle Obama", "..., as did Jill Biden", "... and Jill Biden did too": the
         * previous clause's facts again, said of new subjects.
         */
        private Clause echo(int a, int b, Clause previous) {
            if (previous == null || previous.asks() || b - a < 2) {
                return null;
            }
            int from = a;
            int to = b;
            if ((t.norm[a].equals("so") || t.norm[a].equals("as")) && ClauseParser.AUX.contains(t.norm[a + 1])) {
                from = a + 2;
            } else if (t.norm[b - 1].equals("too") || t.norm[b - 1].equals("also")) {
                to = b - 1;
            } else if (b - a >= 3 && t.norm[b - 2].equals("as") && t.norm[b - 1].equals("well")) {
                to = b - 2;
            } else {
                return null;
            }
            if (to > from + 1 && ClauseParser.AUX.contains(t.norm[to - 1])) {
                to--; // "and Jill Biden did too"
            }
            List<Term> subjects = from < to ? parser.mention(from, to, false) : null;
            if (subjects == null) {
                return null;
            }
            Term said = previous.firstSubject();
            List<Fact> facts = new ArrayList<>();
            for (Term s : subjects) {
                if (s.kind() != Kind.ENTITY && s.kind() != Kind.NEW) {
                    return null;
                }
                for (Fact f : previous.facts()) {
                    if (f.subject().equals(said)) {
                        facts.add(new Fact(s, f.relation(), f.object()));
                    }
                }
            }
            return facts.isEmpty() ? null : new Clause(facts, previous.negated());
        }

        /** Pronouns and a missing subject refer to the previous clause (see the class comment). */
        private Clause resolve(Clause c, Clause previous) {
            if (c == null) {
                return null;
            }
            List<Fact> facts = new ArrayList<>(c.facts().size());
            for (Fact f : c.facts()) {
                Term s = resolve(f.subject(), previous);
                Term o = resolve(f.object(), previous);
                if (s == null || o == null) {
                    return null;
                }
                facts.add(new Fact(s, f.relation(), o));
            }
            return new Clause(facts, c.negated());
        }

        private Term resolve(Term term, Clause previous) {
            if (term.kind() != Kind.PRONOUN && term.kind() != Kind.ELIDED) {
                return term;
            }
            if (previous == null) {
                return null;
            }
            Fact p = previous.facts().get(0);
            if (term.kind() == Kind.PRONOUN) {
                String w = term.value();
                boolean male = w.equals("he") || w.equals("him") || w.equals("his");
                boolean female = w.equals("she") || w.equals("her") || w.equals("hers");
                if (!male && !female && !w.equals("it") && !w.equals("its") && !w.equals("they") && !w.equals("their") && !w.equals("them")) {
                    return null;
                }
                String pronounGender = male ? "male" : female ? "female" : null;
                String subjectGender = index.subjectGender(p.relation());
                if (pronounGender != null && pronounGender.equals(index.objectGender(p.relation()))
                        && subjectGender != null && !subjectGender.equals(pronounGender) && p.object().isName()) {
                    return p.object();
                }
            }
            return p.subject().isName() ? p.subject() : null;
        }

        private Clause nounPhraseQuery(int a, int b) {
            NounPhrase np = parser.nounPhrase(a, b);
            if (np == null) {
                return null;
            }
            List<Fact> facts = new ArrayList<>();
            for (Term owner : np.owner()) {
                facts.add(np.sense().inverted() ? new Fact(Term.QUESTION, np.sense().relation(), owner)
                        : new Fact(owner, np.sense().relation(), Term.QUESTION));
            }
            return resolve(new Clause(facts, false), null);
        }

        private Interpretation finish(List<Clause> clauses, Intent intent) {
            Set<ParsedTriple> triples = new LinkedHashSet<>();
            for (Clause c : clauses) {
                for (Fact f : c.facts()) {
                    Term s = f.subject();
                    Term o = f.object();
                    if (s.kind() == Kind.WILDCARD || o.kind() == Kind.WILDCARD) {
                        String wildcard = s.kind() == Kind.WILDCARD ? s.value() : o.value();
                        return Interpretation.unknown(NAME, intent == Intent.RETRACT
                                ? "a retraction must name each fact explicitly; found '" + wildcard + "'"
                                : "expected a named entity but found '" + wildcard + "'");
                    }
                    boolean subjectOk = s.kind() == Kind.ENTITY || s.kind() == Kind.NEW || (intent == Intent.QUERY && s.kind() == Kind.QUESTION);
                    boolean objectOk = o.isName() || (intent == Intent.QUERY && o.kind() == Kind.QUESTION);
                    if (!subjectOk || !objectOk || (s.kind() == Kind.QUESTION && o.kind() == Kind.QUESTION)) {
                        return unknown();
                    }
                    boolean literal = o.kind() == Kind.LITERAL;
                    String relation = literal ? index.forLiteralObject(f.relation()) : f.relation();
                    triples.add(new ParsedTriple(s.value(), relation, o.value(), literal));
                }
            }
            if (triples.size() > Interpretation.MAX_TRIPLES) {
                return Interpretation.unknown(NAME, "too many facts in one text: expected at most " + Interpretation.MAX_TRIPLES
                        + " but found " + triples.size());
            }
            return new Interpretation(intent, List.copyOf(triples), NAME, null);
        }

        private Interpretation unknown() {
            return Interpretation.unknown(NAME, "not understood: no known sentence form with a relation phrasing matched");
        }

        /** Skips a prefix matched by the pattern (repeatedly when asked), returning the first token after it. */
        private int skip(Pattern prefix, int a, int b, boolean repeat) {
            int pos = a;
            do {
                if (pos >= b) {
                    return pos;
                }
                Matcher m = prefix.matcher(t.phrase(pos, b));
                if (!m.find()) {
                    return pos;
                }
                String matched = m.group().trim();
                if (matched.isEmpty()) {
                    return pos;
                }
                int words = matched.split(" ").length;
                pos += words;
                while (pos < b && isPunct(t.norm[pos])) {
                    pos++;
                }
            } while (repeat);
            return pos;
        }

        /** Where a tag question (", isn't it", ", wasn't she", ", did he") starts, or {@code a} when there is none. */
        private int tagQuestionStart(int a, int b) {
            int k = b - 1;
            if (k - 2 < a || !TAG_PRONOUNS.contains(t.norm[k])) {
                return a;
            }
            k--;
            if (t.norm[k].equals("not")) {
                k--;
            }
            if (k - 1 < a || !ClauseParser.YES_NO_AUX.contains(t.norm[k]) || !t.norm[k - 1].equals(",")) {
                return a;
            }
            return k - 1;
        }

        private boolean isPunct(String w) {
            return w.length() == 1 && ",;:.!?-".contains(w);
        }
    }
}
