package dev.concord.interpreter.rules;

import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Lexicon;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.interpreter.linking.BuiltInPhrasings;
import dev.concord.interpreter.SentenceEncoder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The paraphrase path: for sentences the sentence forms do not cover ("Barack Obama tied the knot
 * with Michelle Obama", "Honolulu is where Barack Obama was born", "Do you know who Barack Obama
 * married?"). It anchors on what the graph knows instead of on the sentence's form:
 * <ol>
 *   <li>the known entities mentioned (longest label match, any case, "'s" and a bare plural "s"
 *       tolerated), grouped when joined by "and", commas or "as well as"; a question word with its
 *       noun ("which club") is the asked slot;</li>
 *   <li>with exactly two slots, the rest of the sentence, slots written X and Y, is compared by a
 *       sentence encoder (all-MiniLM-L6-v2) with templates built from every relation's phrasings
 *       ("X married to Y", "X's alma mater is Y", the relation's name and alternative labels); the
 *       best template above {@link #MIN_SCORE} names the relation;</li>
 *   <li>which slot is the subject: a possessive before a relation noun decides; else the graph's
 *       own use (the entity already the subject, or the object, of that relation); else the form
 *       (a passive "by", "Y is where X ...", a question word followed by the entity asks for the
 *       object); else the first slot.</li>
 * </ol>
 * Intent comes from the caller's reading of the prefixes (retraction, question) and from negation
 * words ("not", "no longer", "anymore"). Fails (empty) rather than guess: one slot, three slots,
 * or no template close enough.
 */
final class ParaphraseLinker {

    /**
     * Below this cosine similarity between the sentence and the chosen template (before the graph-use
     * bonus), no relation is linked.
     */
    static final double MIN_SCORE = 0.5;
    /**
     * The same floor when a slot holds a name the graph does not know: nothing in the graph backs
     * the choice, so the phrasing alone must be close ("X plays for Y" is not "X born in Y").
     */
    static final double NEW_NAME_MIN_SCORE = 0.6;
    /** Added to a template's similarity per side on which the graph already uses its relation so (see {@link #fit}). */
    static final double FIT_BONUS = 0.1;
    private static final int MAX_MENTION_TOKENS = 8;
    private static final Set<String> JOINERS = Set.of("and", ",", "&", "both", "all", "as", "well", "plus");
    private static final Set<String> CLEFT = Set.of("where", "that", "the", "a", "an", "place", "city", "town", "country",
            "school", "university", "club", "team", "film", "movie", "one", "in", "party", "state", "who", "whom");
    /** Capitalised first words that are no names. */
    private static final Set<String> PRONOUNS = Set.of("it", "this", "that", "there", "here", "he", "she", "they", "we", "i",
            "you", "who", "what", "where", "which", "when", "how", "why", "his", "her", "their", "our", "my", "your");
    private static final Set<String> WH = Set.of("who", "whom", "what", "which", "where", "when", "whose");
    private static final Set<String> AUX = Set.of("is", "was", "are", "were", "do", "does", "did", "has", "have", "had",
            "will", "would", "can", "could", "be", "been");
    private static final Set<String> NEGATION = Set.of("not", "never", "anymore", "no");
    /**
     * Words that qualify a membership or a role without changing the relation ("a registered
     * Republican", "a lifelong Democrat"): left out of the pattern the encoder compares.
     */
    private static final Set<String> MODIFIERS = Set.of("registered", "lifelong", "longtime", "staunch", "proud",
            "committed", "devoted", "loyal", "card-carrying", "self-described", "avowed");
    private static final Set<String> FUNCTION_WORDS = Set.of("is", "was", "are", "were", "of", "in", "to", "by", "for", "at",
            "on", "with", "and", "or", "that", "who", "which", "where", "what", "when", "it", "he", "she", "they", "his", "her",
            "its", "their", "as", "from", "a", "an", "i", "you", "we", "me", "my", "do", "does", "did", "has", "have", "had",
            "be", "been", "not", "no", "both", "all", "also", "into", "about", "under", "this", "there", "here", "if");

    /** A template: the relation, and whether X (the first placeholder, or the possessor) is its subject. */
    record Template(String relation, boolean xIsSubject, boolean noun, String text, float[] vector) {
    }

    private record Mention(int from, int to, String entity, boolean possessive) {
    }

    /**
     * A slot: its tokens, its entities with the relations each already has as subject and as object
     * (read from the lexicon once per sentence: in the server each read is a graph lookup), or the
     * asked part of a question.
     */
    private record Slot(int from, int to, List<String> entities, List<Set<String>> subjectOf, List<Set<String>> objectOf,
                        boolean asked, boolean possessive) {
    }

    private Slot named(int from, int to, List<String> entities, boolean possessive) {
        List<Set<String>> subj = new ArrayList<>();
        List<Set<String>> obj = new ArrayList<>();
        for (String e : entities) {
            subj.add(lexicon.subjectRelations(e));
            obj.add(lexicon.objectRelations(e));
        }
        return new Slot(from, to, entities, subj, obj, false, possessive);
    }

    private final SentenceEncoder encoder;
    private final List<Template> templates;
    private final Lexicon lexicon;
    private final Map<String, String> aliases;
    private final Map<String, List<String>> questionTails;

    ParaphraseLinker(SentenceEncoder encoder, Lexicon lexicon, BuiltInPhrasings builtIn, Map<String, String> aliases) {
        this.encoder = encoder;
        this.lexicon = lexicon;
        this.aliases = aliases;
        this.templates = templates(encoder, lexicon, builtIn);
        Map<String, List<String>> tails = new java.util.HashMap<>();
        for (BuiltInPhrasings.Entry e : builtIn.entries()) {
            e.questionTails().forEach((c, list) -> tails.put(e.relation() + "|" + c, list));
            if (e.literalRelation() != null) {
                tails.put(e.literalRelation() + "|" + BuiltInPhrasings.WhClass.WHEN, List.of("when"));
            }
        }
        this.questionTails = Map.copyOf(tails);
    }

    int templateCount() {
        return templates.size();
    }

    private static List<Template> templates(SentenceEncoder encoder, Lexicon lexicon, BuiltInPhrasings builtIn) {
        List<Template> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (Lexicon.RelationPhrasings r : lexicon.relations()) {
            known.add(r.relation());
            for (String p : r.phrasings()) {
                add(out, seen, encoder, r.relation(), true, false, "X " + p + " Y");
            }
        }
        for (BuiltInPhrasings.Entry e : builtIn.entries()) {
            if (!known.contains(e.relation())) {
                continue;
            }
            for (String v : e.verbs()) {
                add(out, seen, encoder, e.relation(), true, false, "X " + v + " Y");
            }
            for (String p : e.passive()) {
                add(out, seen, encoder, e.relation(), false, false, "X was " + p + " by Y");
            }
            for (String n : e.nouns()) {
                add(out, seen, encoder, e.relation(), true, true, "X's " + n + " is Y");
            }
            for (String n : e.invertedNouns()) {
                add(out, seen, encoder, e.relation(), false, true, "X's " + n + " is Y");
            }
        }
        return List.copyOf(out);
    }

    private static void add(List<Template> out, Set<String> seen, SentenceEncoder encoder, String relation,
                            boolean xIsSubject, boolean noun, String text) {
        String t = text.replace('_', ' ').replaceAll("\\s+", " ").trim();
        if (seen.add(relation + "|" + xIsSubject + "|" + t)) {
            out.add(new Template(relation, xIsSubject, noun, t, encoder.encode(t)));
        }
    }

    /**
     * The interpretation of tokens [a, b), or empty. {@code retract}: a retraction prefix was read;
     * {@code question}: a question mark or a question prefix.
     */
    Optional<Interpretation> interpret(Tokens t, int a, int b, boolean retract, boolean question) {
        List<Mention> mentions = mentions(t, a, b);
        List<Slot> slots = slots(t, a, b, mentions, question);
        if (slots.size() != 2) {
            if (Boolean.getBoolean("concord.paraphrase.debug")) {
                System.err.println("paraphrase: " + slots.size() + " slots " + slots + " from " + mentions);
            }
            return Optional.empty();
        }
        for (Slot slot : slots) {
            // "What do you know about X?", "Tell me about X": a request for everything, not one relation
            if (!slot.asked() && slot.from() > a && t.norm[slot.from() - 1].equals("about")
                    && (slots.get(0).asked() || slots.get(1).asked())) {
                return Optional.empty();
            }
        }
        boolean negated = false;
        StringBuilder pattern = new StringBuilder();
        int s = 0;
        // a clause before the slots' own ("I have no doubt; X was born in Y") neither negates nor phrases it
        int from = a;
        for (int i = a; i < slots.get(0).from(); i++) {
            if (t.norm[i].equals(";") || t.norm[i].equals(".") || t.norm[i].equals(":")) {
                from = i + 1;
            }
        }
        for (int i = from; i < b; i++) {
            if (s < slots.size() && i == slots.get(s).from()) {
                pattern.append(s == 0 ? " X" : " Y");
                if (slots.get(s).possessive()) {
                    pattern.append("'s");
                }
                i = slots.get(s).to() - 1;
                s++;
                continue;
            }
            String w = t.norm[i];
            if (NEGATION.contains(w) || (w.equals("longer") && i > a && (t.norm[i - 1].equals("no") || t.norm[i - 1].equals("any")))) {
                negated = true;
                continue;
            }
            if (w.equals("any") && i + 1 < b && t.norm[i + 1].equals("longer")) {
                continue;
            }
            if (w.equals("both") || w.equals("all") || MODIFIERS.contains(w) || (w.length() == 1 && ",;:.!?\"".contains(w))) {
                continue;
            }
            pattern.append(' ').append(w);
        }
        String text = pattern.toString().trim();
        float[] v = encoder.encode(text);
        Slot x0 = slots.get(0);
        Slot y0 = slots.get(1);
        boolean content = hasContent(text);
        String typed = typedBy(x0, y0); // once per sentence, not per template
        Template best = null;
        double bestScore = -1;
        int bestFit = 0;
        double bestRaw = -1;
        for (Template tp : templates) {
            int fit = fit(tp.relation(), x0, y0);
            if (wrongQuestion(t, x0, tp.relation()) || wrongQuestion(t, y0, tp.relation())) {
                continue;
            }
            if (!content && (x0.asked() || y0.asked() || !uses(y0, tp.relation(), false))) {
                // "X is a Y", "Is X in Y?": only a relation of which the graph already has Y as an object
                // ("Who is X?" says nothing about a relation)
                continue;
            }
            double raw = SentenceEncoder.cosine(v, tp.vector());
            // "X is Y" says nothing of the relation: what the graph already joins X and Y by decides first
            double weight = content ? FIT_BONUS : 1.0;
            double c = raw + weight * (fit + (tp.relation().equals(typed) ? 1 : 0));
            if (c > bestScore) {
                bestScore = c;
                bestRaw = raw;
                best = tp;
                bestFit = fit;
            }
        }
        if (Boolean.getBoolean("concord.paraphrase.debug")) {
            System.err.printf(Locale.ROOT, "paraphrase: '%s' -> %s '%s' %.3f (fit %d)%n", text, best == null ? null : best.relation(),
                    best == null ? null : best.text(), bestScore, bestFit);
        }
        boolean unknownName = slots.stream().anyMatch(sl -> !sl.asked() && sl.entities().stream()
                .anyMatch(e -> lexicon.findEntity(e).isEmpty()));
        if (best == null || bestRaw < (unknownName ? NEW_NAME_MIN_SCORE : MIN_SCORE)) {
            return Optional.empty();
        }
        Slot x = slots.get(0);
        Slot y = slots.get(1);
        boolean xSubject = orientation(t, a, b, best, x, y);
        Slot subject = xSubject ? x : y;
        Slot object = xSubject ? y : x;
        Intent intent;
        if (retract || (negated && !question)) {
            if (x.asked() || y.asked()) {
                return Optional.empty();
            }
            intent = Intent.RETRACT;
        } else {
            intent = question || x.asked() || y.asked() ? Intent.QUERY : Intent.EDIT;
        }
        Set<ParsedTriple> triples = new LinkedHashSet<>();
        for (String sv : subject.asked() ? java.util.Collections.<String>singletonList(null) : subject.entities()) {
            for (String ov : object.asked() ? java.util.Collections.<String>singletonList(null) : object.entities()) {
                triples.add(new ParsedTriple(sv, best.relation(), ov, false));
            }
        }
        if (triples.isEmpty() || triples.size() > Interpretation.MAX_TRIPLES) {
            return Optional.empty();
        }
        return Optional.of(new Interpretation(intent, List.copyOf(triples), RuleInterpreter.NAME, null));
    }

    /** "where" asks only relations that have place questions, "when" only those with time questions. */
    private boolean wrongQuestion(Tokens t, Slot s, String relation) {
        if (!s.asked()) {
            return false;
        }
        String w = t.norm[s.from()];
        BuiltInPhrasings.WhClass c = w.equals("where") ? BuiltInPhrasings.WhClass.WHERE
                : w.equals("when") ? BuiltInPhrasings.WhClass.WHEN : null;
        if (c == null) {
            return false;
        }
        List<String> tails = questionTails.get(relation + "|" + c);
        return tails == null || tails.isEmpty();
    }

    /** Whether the pattern says anything besides its slots and function words ("Who is X?" does not). */
    private static boolean hasContent(String pattern) {
        for (String w : pattern.split(" ")) {
            if (!w.equals("X") && !w.equals("Y") && !w.equals("X's") && !w.equals("Y's") && !FUNCTION_WORDS.contains(w)
                    && !WH.contains(w) && !AUX.contains(w) && !w.equals("the") && !w.equals(Tokens.POSSESSIVE)) {
                return true;
            }
        }
        return false;
    }

    /** True when slot x is the triple's subject (see the class comment for the order of the evidence). */
    private boolean orientation(Tokens t, int a, int b, Template best, Slot x, Slot y) {
        if (best.noun() && (x.possessive() != y.possessive())) {
            boolean possessorIsX = x.possessive();
            return possessorIsX == best.xIsSubject();
        }
        String r = best.relation();
        int xs = usage(x, r);
        int ys = usage(y, r);
        if (xs != ys) {
            return xs > ys;
        }
        // a passive: "... by Y" puts the agent (the subject) second
        if (y.from() > a && t.norm[y.from() - 1].equals("by")) {
            return false;
        }
        // "Y is where X was born", "Y is the school X graduated from", "It was in Y that X was born"
        if (!x.asked() && x.to() < b && (t.norm[x.to()].equals("is") || t.norm[x.to()].equals("was"))
                && only(t, x.to() + 1, y.from(), CLEFT)) {
            return false;
        }
        if (x.asked()) {
            // "who X married" asks for the object; "who married X" for the subject
            int k = x.to();
            while (k < y.from() && AUX.contains(t.norm[k])) {
                k++;
            }
            return k != y.from();
        }
        return true;
    }

    /**
     * How well a relation fits the two slots by the graph's own use: 2 when one slot's entities are
     * already its subjects and the other's its objects, 1 when one side is, else 0.
     */
    private int fit(String relation, Slot x, Slot y) {
        boolean xs = uses(x, relation, true);
        boolean xo = uses(x, relation, false);
        boolean ys = uses(y, relation, true);
        boolean yo = uses(y, relation, false);
        if ((xs && yo) || (ys && xo)) {
            return 2;
        }
        return xs || xo || ys || yo ? 1 : 0;
    }

    /**
     * The one relation whose objects a slot's entities only ever are (and never subjects), or null:
     * "Republican" is only ever a party, so a sentence that puts it beside a person is about the
     * party, whatever the verb ("sides with", "represents").
     */
    private static String typedBy(Slot x, Slot y) {
        for (Slot s : List.of(x, y)) {
            if (s.asked() || s.entities().isEmpty()) {
                continue;
            }
            Set<String> first = s.objectOf().get(0);
            boolean only = first.size() == 1;
            for (int i = 0; i < s.entities().size() && only; i++) {
                only = s.subjectOf().get(i).isEmpty() && s.objectOf().get(i).equals(first);
            }
            if (only) {
                return first.iterator().next();
            }
        }
        return null;
    }

    private boolean uses(Slot s, String relation, boolean asSubject) {
        if (s.asked()) {
            return false;
        }
        for (Set<String> used : asSubject ? s.subjectOf() : s.objectOf()) {
            if (used.contains(relation)) {
                return true;
            }
        }
        return false;
    }

    /** +1 when the slot's entities already hold the relation as subject, -1 as object, else 0. */
    private int usage(Slot s, String relation) {
        if (s.asked()) {
            return 0;
        }
        int score = 0;
        for (int i = 0; i < s.entities().size(); i++) {
            if (s.subjectOf().get(i).contains(relation)) {
                score++;
            }
            if (s.objectOf().get(i).contains(relation)) {
                score--;
            }
        }
        return Integer.signum(score);
    }

    /** Whether tokens [from, to) are all in {@code allowed} (and there is at least one). */
    private static boolean only(Tokens t, int from, int to, Set<String> allowed) {
        if (to <= from) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!allowed.contains(t.norm[k])) {
                return false;
            }
        }
        return true;
    }

    /** Known entities in [a, b), longest first, left to right. */
    private List<Mention> mentions(Tokens t, int a, int b) {
        List<Mention> out = new ArrayList<>();
        int i = a;
        while (i < b) {
            Mention found = null;
            boolean punct = t.norm[i].length() == 1 && !Character.isLetterOrDigit(t.norm[i].charAt(0));
            if (!punct && (!FUNCTION_WORDS.contains(t.norm[i]) || t.norm[i].equals("the"))) {
                for (int len = Math.min(MAX_MENTION_TOKENS, b - i); len >= 1 && found == null; len--) {
                    int end = i + len;
                    String last = t.norm[end - 1];
                    if (FUNCTION_WORDS.contains(last) || last.equals(Tokens.POSSESSIVE)
                            || (last.length() == 1 && !Character.isLetterOrDigit(last.charAt(0)))) {
                        continue;
                    }
                    String span = join(t, i, end);
                    boolean possessive = end < b && t.norm[end].equals(Tokens.POSSESSIVE);
                    Optional<String> e = entity(span);
                    if (e.isPresent()) {
                        found = new Mention(i, possessive ? end + 1 : end, e.get(), possessive);
                    } else if (span.length() > 3 && span.endsWith("s") && !span.endsWith("ss")) {
                        // "tanzanias capital", "albert einsteins advisor": a possessive typed without its apostrophe
                        e = entity(span.substring(0, span.length() - 1));
                        if (e.isPresent()) {
                            found = new Mention(i, end, e.get(), true);
                        }
                    }
                }
            }
            if (found != null && i > a && (t.norm[i - 1].equals("which") || t.norm[i - 1].equals("what"))) {
                // "which actor appeared in ...": the noun belongs to the question word
                i = found.to();
                continue;
            }
            if (found != null && !found.possessive() && found.to() < b && capitalised(t, found.to())) {
                // "Indiana University" is not Indiana: a capitalised word right after a known name continues it
                int end = found.to();
                while (end < b && capitalised(t, end)) {
                    end++;
                }
                i = end;
                continue;
            }
            if (found != null) {
                out.add(found);
                i = found.to();
            } else {
                i++;
            }
        }
        return out;
    }

    private Optional<String> entity(String span) {
        String alias = aliases.get(span.toLowerCase(Locale.ROOT));
        if (alias != null) {
            Optional<String> e = lexicon.findEntity(alias);
            if (e.isPresent()) {
                return e;
            }
        }
        return lexicon.findEntity(span);
    }

    /** Mentions grouped into slots ("A and B", "A, B and C"), plus the asked slot of a question. */
    private List<Slot> slots(Tokens t, int a, int b, List<Mention> mentions, boolean question) {
        List<Slot> slots = new ArrayList<>();
        int m = 0;
        int wh = -1;
        for (int i = a; i < b && (question || !cleftName(t, a, b, mentions)); i++) {
            if (WH.contains(t.norm[i]) && (m >= mentions.size() || i < mentions.get(m).from())) {
                boolean insideMention = false;
                for (Mention me : mentions) {
                    insideMention |= i >= me.from() && i < me.to();
                }
                if (!insideMention) {
                    wh = i;
                    break;
                }
            }
        }
        List<Slot> out = new ArrayList<>();
        int i = 0;
        while (i < mentions.size()) {
            Mention first = mentions.get(i);
            List<String> group = new ArrayList<>(List.of(first.entity()));
            int to = first.to();
            boolean possessive = first.possessive();
            int j = i + 1;
            boolean listed = false; // joined by a word ("and", "as well as"), not by commas alone
            while (j < mentions.size() && !possessive && joined(t, to, mentions.get(j).from())) {
                listed |= !only(t, to, mentions.get(j).from(), Set.of(","));
                group.add(mentions.get(j).entity());
                to = mentions.get(j).to();
                possessive = mentions.get(j).possessive();
                j++;
            }
            if (!listed && group.size() > 1) {
                // "In Scranton, Joe Biden was born": a comma alone separates phrases, it does not list names
                group = new ArrayList<>(List.of(first.entity()));
                to = first.to();
                possessive = first.possessive();
                j = i + 1;
            }
            int from = first.from();
            if (!possessive) {
                // "Sasha Obama and Malia Obama" where only one is known: the other is a new name in the group
                int[] left = capitalisedRun(t, a, b, mentions, from, false);
                if (left != null) {
                    group.add(0, name(t, left[0], left[1]));
                    from = left[0];
                }
                int[] right = capitalisedRun(t, a, b, mentions, to, true);
                if (right != null && !(right[1] < b && t.norm[right[1]].equals(Tokens.POSSESSIVE))) {
                    group.add(name(t, right[0], right[1]));
                    to = right[1];
                }
            }
            out.add(named(from, to, group, possessive));
            i = j;
        }
        int askedSlots = wh >= 0 && (question || out.size() == 1) ? 1 : 0;
        if (out.size() + askedSlots == 1) {
            // one side is a name the graph does not know yet ("Who went to Yale University?")
            Slot fresh = newName(t, a, b, mentions, wh);
            if (fresh != null) {
                int at = 0;
                while (at < out.size() && out.get(at).from() < fresh.from()) {
                    at++;
                }
                out.add(at, fresh);
            }
        }
        if (wh >= 0 && (question || out.size() == 1)) {
            int to = wh + 1;
            // "which club", "what theory": the question word's noun belongs to the slot
            if ((t.norm[wh].equals("which") || t.norm[wh].equals("what")) && to < b && !AUX.contains(t.norm[to])
                    && !FUNCTION_WORDS.contains(t.norm[to]) && startsNoMention(mentions, to)) {
                to++;
            }
            Slot asked = new Slot(wh, to, List.of(), List.of(), List.of(), true, false);
            List<Slot> merged = new ArrayList<>(out);
            int at = 0;
            while (at < merged.size() && merged.get(at).from() < wh) {
                at++;
            }
            merged.add(at, asked);
            slots = merged;
        } else {
            slots = out;
        }
        return slots;
    }

    /**
     * A new name first, then a cleft: "Kenya is where Barack Obama was born", "Hawaii was the place where ...".
     * Its "where" asks nothing.
     */
    private static boolean cleftName(Tokens t, int a, int b, List<Mention> mentions) {
        return a + 2 < b && capitalised(t, a) && !inside(mentions, a) && !PRONOUNS.contains(t.norm[a])
                && (t.norm[a + 1].equals("is") || t.norm[a + 1].equals("was"))
                && (t.norm[a + 2].equals("where") || (t.norm[a + 2].equals("the") && a + 3 < b && CLEFT.contains(t.norm[a + 3])));
    }

    private static final Set<String> NAME_JOINERS = Set.of("of", "de", "du", "la", "le", "von", "van", "der", "the", "and");

    /**
     * The one run of capitalised words in (a, b) outside the known mentions and the question word,
     * as a new entity's name ("Yale University", "University of Pennsylvania"); null when there is
     * none or more than one. The sentence's first word is not a name on its capital alone.
     */
    private Slot newName(Tokens t, int a, int b, List<Mention> mentions, int wh) {
        Slot found = null;
        // the first word is a name's start only when the next word is capitalised too ("Barron Trump") or
        // when a cleft follows ("Kenya is where ...", "Hawaii was the place where ...")
        int i = a + 1 < b && capitalised(t, a) && (capitalised(t, a + 1) || cleftName(t, a, b, mentions)) ? a : a + 1;
        while (i < b) {
            if (!capitalised(t, i) || inside(mentions, i) || i == wh) {
                i++;
                continue;
            }
            int to = i + 1;
            while (to < b && !inside(mentions, to)) {
                if (capitalised(t, to)) {
                    to++;
                } else if (NAME_JOINERS.contains(t.norm[to]) && !t.norm[to].equals("and") && to + 1 < b
                        && capitalised(t, to + 1) && !inside(mentions, to + 1)) {
                    to += 2;
                } else {
                    break;
                }
            }
            if (found != null) {
                return null;
            }
            boolean possessive = to < b && t.norm[to].equals(Tokens.POSSESSIVE);
            // "the University of Delaware": the article belongs to the name's slot, not to the phrasing
            int from = i > a && t.norm[i - 1].equals("the") ? i - 1 : i;
            found = named(from, possessive ? to + 1 : to, List.of(name(t, i, to)), possessive);
            i = to;
        }
        return found;
    }

    /**
     * A run of capitalised words joined to a slot edge by "and", commas or "as well as": [start, end)
     * of the run, or null. {@code after}: the run follows {@code edge}; else it ends before it.
     */
    private static int[] capitalisedRun(Tokens t, int a, int b, List<Mention> mentions, int edge, boolean after) {
        if (after) {
            int k = edge;
            while (k < b && JOINERS.contains(t.norm[k]) && !t.norm[k].equals("both") && !t.norm[k].equals("all")) {
                k++;
            }
            if (k == edge || k >= b || !capitalised(t, k) || inside(mentions, k)) {
                return null;
            }
            int end = k;
            while (end < b && capitalised(t, end) && !inside(mentions, end)) {
                end++;
            }
            return new int[] {k, end};
        }
        int k = edge;
        while (k > a && JOINERS.contains(t.norm[k - 1]) && !t.norm[k - 1].equals("both") && !t.norm[k - 1].equals("all")) {
            k--;
        }
        if (k == edge || k <= a || !capitalised(t, k - 1) || inside(mentions, k - 1)) {
            return null;
        }
        int start = k;
        while (start > a && capitalised(t, start - 1) && !inside(mentions, start - 1)) {
            start--;
        }
        if (start == a && k - start < 2) {
            return null; // the sentence's first word alone is not a name
        }
        return new int[] {start, k};
    }

    private static String name(Tokens t, int from, int to) {
        StringBuilder name = new StringBuilder();
        for (int k = from; k < to; k++) {
            name.append(k > from ? "_" : "").append(t.text[k]);
        }
        return name.toString();
    }

    private static boolean capitalised(Tokens t, int k) {
        String w = t.text[k];
        return !w.isEmpty() && Character.isUpperCase(w.charAt(0)) && !w.equals("I") && !FUNCTION_WORDS.contains(t.norm[k])
                && !WH.contains(t.norm[k]) && !AUX.contains(t.norm[k]);
    }

    private static boolean inside(List<Mention> mentions, int k) {
        for (Mention m : mentions) {
            if (k >= m.from() && k < m.to()) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsNoMention(List<Mention> mentions, int pos) {
        for (Mention me : mentions) {
            if (me.from() == pos) {
                return false;
            }
        }
        return true;
    }

    /** Whether tokens [from, to) only join two names (and, commas, "as well as", "both"). */
    private static boolean joined(Tokens t, int from, int to) {
        return only(t, from, to, JOINERS);
    }

    private static String join(Tokens t, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            if (k > from) {
                sb.append(' ');
            }
            sb.append(t.text[k]);
        }
        return sb.toString();
    }
}
