package dev.concord.interpreter.linking;

import dev.concord.interpreter.Lexicon.RelationPhrasings;
import dev.concord.interpreter.linking.BuiltInPhrasings.Entry;
import dev.concord.interpreter.linking.BuiltInPhrasings.WhClass;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Relation linking: phrase tables from a phrase (lower case, single spaces) to the relation it
 * names, merged from the Lexicon and the built-in phrasings. Lookups are hash-map hits on a
 * token span, never a scan over relations.
 *
 * <p>When two relations claim one phrase, the first claim wins in this order: the Lexicon's
 * altLabels (so an admin can redirect a phrase), then the built-in phrasings, then a relation's
 * own name read as words ({@code born_in} as "born in"). Built-in phrasings of relations the
 * Lexicon does not have are ignored. A built-in phrase that two relations list on purpose ("came up
 * with": a theory, a discovery, an invention) stays the first one's, with the others kept as
 * {@link Sense#alternatives()}; the parser takes an alternative when the subject already uses it in the
 * graph and not the first.
 */
public final class RelationIndex {

    /** A phrase's meaning: the relation, and whether the sentence's subject is the triple's object. */
    public record Sense(String relation, boolean inverted, List<String> alternatives) {
        public Sense {
            alternatives = List.copyOf(alternatives);
        }

        public Sense(String relation, boolean inverted) {
            this(relation, inverted, List.of());
        }
    }

    private static final Set<String> PREPOSITIONS =
            Set.of("in", "of", "to", "for", "at", "by", "from", "on", "with", "as", "into", "under", "about");

    private final Map<String, Sense> nouns = new HashMap<>();
    private final Map<String, Sense> verbs = new HashMap<>();
    private final Map<WhClass, Map<String, Sense>> tails = new EnumMap<>(WhClass.class);
    private final Map<String, String> literalRelations = new HashMap<>();
    private final Map<String, String> objectGenders = new HashMap<>();
    private final Map<String, String> subjectGenders = new HashMap<>();
    private final Map<String, String> relationsByLowerName = new HashMap<>();
    private final Map<String, String> inverses = new HashMap<>();
    private final List<String> relationNames = new ArrayList<>();
    /** The senses the built-in phrasings claimed (by identity): only those share a phrase. */
    private final Set<Sense> builtInSenses = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean builtInPhase;
    private int maxNounTokens = 1;
    private int maxVerbTokens = 1;
    private int maxTailTokens = 1;

    private RelationIndex() {
        for (WhClass c : WhClass.values()) {
            tails.put(c, new HashMap<>());
        }
    }

    public static RelationIndex build(Collection<RelationPhrasings> relations, BuiltInPhrasings builtIn) {
        RelationIndex index = new RelationIndex();
        for (RelationPhrasings r : relations) {
            index.relationsByLowerName.putIfAbsent(r.relation().toLowerCase(Locale.ROOT), r.relation());
            index.relationNames.add(r.relation());
            if (r.inverse() != null) {
                index.inverses.put(r.relation(), r.inverse());
            }
        }
        // 1. the Lexicon's altLabels
        for (RelationPhrasings r : relations) {
            String nameWords = Labels.relationWords(r.relation());
            for (String p : r.phrasings()) {
                String phrase = Labels.phrase(p);
                if (!phrase.equals(nameWords) && !phrase.equals(Labels.phrase(r.relation()))) {
                    index.addFree(phrase, r.relation());
                }
            }
        }
        // 2. the built-in phrasings of relations the Lexicon has
        index.builtInPhase = true;
        for (Entry e : builtIn.entries()) {
            String relation = index.relationsByLowerName.get(e.relation().toLowerCase(Locale.ROOT));
            if (relation == null) {
                continue;
            }
            e.nouns().forEach(p -> index.put(index.nouns, p, new Sense(relation, false)));
            e.invertedNouns().forEach(p -> index.put(index.nouns, p, new Sense(relation, true)));
            e.verbs().forEach(p -> index.put(index.verbs, p, new Sense(relation, false)));
            e.passive().forEach(p -> index.put(index.verbs, p, new Sense(relation, true)));
            e.questionTails().forEach((c, list) -> list.forEach(p -> index.put(index.tails.get(c), p, new Sense(relation, false))));
            if (e.literalRelation() != null) {
                String literal = index.relationsByLowerName.get(e.literalRelation().toLowerCase(Locale.ROOT));
                if (literal != null) {
                    index.literalRelations.put(relation, literal);
                }
            }
            if (e.objectGender() != null) {
                index.objectGenders.put(relation, e.objectGender());
            }
            if (e.subjectGender() != null) {
                index.subjectGenders.put(relation, e.subjectGender());
            }
        }
        index.builtInPhase = false;
        // 3. each relation's name read as words
        for (RelationPhrasings r : relations) {
            index.addFree(Labels.relationWords(r.relation()), r.relation());
        }
        return index;
    }

    /** A phrase with no grammar attached: always a noun; also a verb when it reads like one ("born in", "discovered"). */
    private void addFree(String phrase, String relation) {
        if (phrase.isEmpty()) {
            return;
        }
        put(nouns, phrase, new Sense(relation, false));
        String[] words = phrase.split(" ");
        boolean verbLike = PREPOSITIONS.contains(words[words.length - 1]) || words[0].endsWith("ed");
        if (verbLike) {
            put(verbs, phrase, new Sense(relation, false));
        }
    }

    private void put(Map<String, Sense> table, String phrase, Sense sense) {
        String p = Labels.phrase(phrase);
        Sense before = table.get(p);
        if (before != null) {
            if (builtInPhase && builtInSenses.contains(before) && before.inverted() == sense.inverted()
                    && !before.relation().equals(sense.relation()) && !before.alternatives().contains(sense.relation())) {
                List<String> alternatives = new ArrayList<>(before.alternatives());
                alternatives.add(sense.relation());
                Sense shared = new Sense(before.relation(), before.inverted(), alternatives);
                builtInSenses.add(shared);
                table.put(p, shared);
            }
            return;
        }
        table.put(p, sense);
        if (builtInPhase) {
            builtInSenses.add(sense);
        }
        int tokens = p.isEmpty() ? 0 : p.split(" ").length;
        if (table == nouns) {
            maxNounTokens = Math.max(maxNounTokens, tokens);
        } else if (table == verbs) {
            maxVerbTokens = Math.max(maxVerbTokens, tokens);
        } else {
            maxTailTokens = Math.max(maxTailTokens, tokens);
        }
    }

    public Sense noun(String phrase) {
        return nouns.get(phrase);
    }

    public Sense verb(String phrase) {
        return verbs.get(phrase);
    }

    /** A question tail: the wh-class's own tails first, then (for who/what/which) any verb phrasing. */
    public Sense tail(WhClass whClass, String phrase) {
        Sense s = tails.get(whClass).get(phrase);
        if (s == null && whClass == WhClass.WHAT) {
            s = verbs.get(phrase);
        }
        return s;
    }

    public int maxNounTokens() {
        return maxNounTokens;
    }

    public int maxVerbTokens() {
        return maxVerbTokens;
    }

    public int maxTailTokens() {
        return Math.max(maxTailTokens, maxVerbTokens);
    }

    /** The relation whose literal counterpart this is (birth_date gives born_in), if any. */
    public Optional<String> forEntityObject(String relation) {
        for (Map.Entry<String, String> e : literalRelations.entrySet()) {
            if (e.getValue().equals(relation) && !e.getKey().equals(relation)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The relation to use when the object is a literal (born_in with a date is birth_date), or the relation itself. */
    public String forLiteralObject(String relation) {
        return literalRelations.getOrDefault(relation, relation);
    }

    /** "male", "female" or null: what a pronoun may say about the triple's object. */
    public String objectGender(String relation) {
        return objectGenders.get(relation);
    }

    /** "male", "female" or null: what the relation implies about the triple's subject (a wife's subject is a husband). */
    public String subjectGender(String relation) {
        return subjectGenders.get(relation);
    }

    /** The relation's name as the Lexicon spells it, matched case-insensitively. */
    public Optional<String> relation(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(relationsByLowerName.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    public Optional<String> inverse(String relation) {
        return Optional.ofNullable(inverses.get(relation));
    }

    /** Every relation name, in the Lexicon's order. */
    public List<String> relationNames() {
        return List.copyOf(relationNames);
    }
}
