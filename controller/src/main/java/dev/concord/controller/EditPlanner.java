package dev.concord.controller;

import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an edit against the graph and its schema and plans both sides of applying it: the KG
 * change set (the triple, its inverse, the displaced triples and their inverses) and the model
 * facts (the triple, its inverse and what property chains derive, through the relation's
 * prompt templates). Pure logic over a {@link KnowledgeGraph}; the caller holds the edit lock.
 */
public final class EditPlanner {
    /** At most this many facts go into one model edit. */
    static final int MAX_FACTS = 8;
    static final String UNKNOWN_ANSWER = "unknown";

    private final KnowledgeGraph kg;

    public EditPlanner(KnowledgeGraph kg) {
        this.kg = kg;
    }

    /** The outcome of checking an assertion: conflicts (DUPLICATE included) and the triples it would displace. */
    public record Check(List<Conflict> conflicts, boolean duplicate, List<Triple> displaced) {
        public Check {
            conflicts = List.copyOf(conflicts);
            displaced = List.copyOf(displaced);
        }

        boolean hasBlockingConflict() {
            return conflicts.stream().anyMatch(c -> c.kind() != ConflictKind.DUPLICATE);
        }
    }

    public RelationInfo relation(String name) {
        return kg.relation(name).orElseThrow(() -> ControllerException.badInput(
                "relation '" + name + "' is not in the schema; known relations: " + knownRelations()));
    }

    private String knownRelations() {
        List<String> names = kg.relations().stream().map(RelationInfo::name).sorted().toList();
        return names.size() <= 40 ? String.join(", ", names) : String.join(", ", names.subList(0, 40)) + ", ...";
    }

    /** The triple the schema implies in the other direction (inverseOf or symmetric), if any. */
    public Optional<Triple> inverse(Triple t) {
        if (!(t.object() instanceof Term.Entity object)) {
            return Optional.empty();
        }
        return kg.relation(t.relation()).flatMap(ri -> {
            String inv = ri.symmetric() ? ri.name() : ri.inverse();
            return inv == null ? Optional.empty() : Optional.of(new Triple(object.name(), inv, Term.entity(t.subject())));
        });
    }

    /**
     * The relation of {@code relation}'s aligned set (owl:equivalentProperty) that {@code subject}
     * already uses, so that edits and questions about a subject meet the same facts: the relation
     * itself when the subject uses it or none of the set, else the one with the most facts.
     */
    public String usedRelation(String subject, String relation) {
        String r = Names.normalise(relation);
        List<String> aligned = kg.aligned(r);
        if (aligned.size() < 2 || !kg.objects(subject, r).isEmpty()) {
            return r;
        }
        String best = r;
        int most = 0;
        for (String a : aligned) {
            int n = kg.objects(subject, a).size();
            if (n > most) {
                most = n;
                best = a;
            }
        }
        return best;
    }

    /**
     * Facts that disagree across {@code relation}'s aligned set and the relations under it: for a
     * single-valued set, each subject with more than one object over them (what an alignment or a
     * subPropertyOf axiom newly puts in conflict).
     */
    public List<List<TripleView>> alignmentConflicts(String relation) {
        List<String> aligned = kg.aligned(relation);
        boolean functional = aligned.stream().anyMatch(a -> kg.relation(a).map(RelationInfo::functional).orElse(false));
        List<String> covering = kg.covering(relation);
        List<List<TripleView>> out = new ArrayList<>();
        if (!functional || covering.size() < 2) {
            return out;
        }
        java.util.Map<String, List<Triple>> bySubject = new java.util.TreeMap<>();
        for (String a : covering) {
            for (Triple t : kg.match(null, a, null)) {
                bySubject.computeIfAbsent(t.subject(), k -> new ArrayList<>()).add(t);
            }
        }
        for (List<Triple> ts : bySubject.values()) {
            if (ts.stream().map(Triple::object).distinct().count() > 1) {
                out.add(views(ts));
            }
        }
        return out;
    }

    /** The triple with the relation its subject already uses within the aligned set ({@link #usedRelation}). */
    public Triple canonical(Triple t) {
        String r = usedRelation(t.subject(), t.relation());
        return r.equals(t.relation()) ? t : new Triple(t.subject(), r, t.object());
    }

    /** COVERAGE, REVERSE and DUPLICATE for an assertion; aligned relations count as the same relation. */
    public Check checkAssert(Triple t) {
        RelationInfo ri = relation(t.relation());
        List<Conflict> conflicts = new ArrayList<>();
        Set<Triple> displaced = new LinkedHashSet<>();
        List<String> aligned = kg.aligned(t.relation());
        List<String> covering = kg.covering(t.relation()); // read once: each is a schema scan under the edit lock
        List<String> above = kg.above(t.relation());
        for (String a : covering) {
            Triple same = new Triple(t.subject(), a, t.object());
            if (kg.contains(same)) {
                conflicts.add(new Conflict(ConflictKind.DUPLICATE, "the graph already holds " + same
                        + (a.equals(t.relation()) ? "" : " (" + a + (aligned.contains(a) ? " is aligned with " : " is under ")
                        + t.relation() + ")") + "; nothing changes", List.of(TripleView.of(same))));
                return new Check(conflicts, true, List.of());
            }
        }
        boolean functional = ri.functional() || aligned.stream().anyMatch(a -> kg.relation(a)
                .map(RelationInfo::functional).orElse(false));
        if (functional && !ri.functional()) {
            ri = ri.withFunctional(true);
        }
        Optional<Triple> inverse = inverse(t);
        String inv = inverse.map(Triple::relation).orElse(null);
        Term subjectTerm = Term.entity(t.subject());
        // The relations whose values compete with this one: its own set when single-valued, and every
        // single-valued relation above it (wife under spouse: another spouse is another value), each
        // with everything under it.
        Set<String> scope = new java.util.TreeSet<>();
        if (functional) {
            scope.addAll(covering);
        }
        for (String b : above) {
            if (!scope.contains(b) && kg.relation(b).map(RelationInfo::functional).orElse(false)) {
                scope.addAll(kg.covering(b));
            }
        }
        List<Triple> rivals = scope.stream().flatMap(a -> kg.objects(t.subject(), a).stream())
                .filter(x -> !x.object().equals(t.object())).toList();
        if (!rivals.isEmpty()) {
            boolean viaOther = rivals.stream().anyMatch(x -> !x.relation().equals(t.relation()));
            List<String> own = functional ? covering : List.of();
            String single = rivals.stream().allMatch(x -> own.contains(x.relation())) ? t.relation()
                    : String.join(", ", above.stream()
                            .filter(b -> kg.relation(b).map(RelationInfo::functional).orElse(false)).toList());
            conflicts.add(new Conflict(ConflictKind.COVERAGE, single + " is single-valued and "
                    + t.subject() + " already has " + values(rivals, true)
                    + (viaOther ? " (" + describe(rivals) + (rivals.stream().allMatch(x -> aligned.contains(x.relation()))
                            ? ", an aligned relation)" : ", through relations aligned with, above or under " + t.relation() + ")")
                            : ""), views(rivals)));
            displaced.addAll(rivals);
        }
        if (ri.functional()) {
            if (inv != null) {
                // x inv s means s r x: another value of the functional relation, seen from the other side.
                List<Triple> viaInverse = kg.subjects(inv, subjectTerm).stream()
                        .filter(x -> !x.subject().equals(t.object().value()))
                        .filter(x -> !containsEquivalent(rivals, x))
                        .toList();
                if (!viaInverse.isEmpty()) {
                    conflicts.add(new Conflict(ConflictKind.REVERSE, t.relation() + " is single-valued and the graph says "
                            + describe(viaInverse) + ", so " + t.subject() + " already has another " + t.relation(),
                            views(viaInverse)));
                    displaced.addAll(viaInverse);
                }
            }
        }
        if (inverse.isPresent()) {
            RelationInfo invInfo = kg.relation(inv).orElse(null);
            if (invInfo != null && invInfo.functional()) {
                String object = t.object().value();
                List<Triple> others = new ArrayList<>(kg.objects(object, inv).stream()
                        .filter(x -> !x.object().equals(subjectTerm)).toList());
                kg.subjects(t.relation(), t.object()).stream()
                        .filter(x -> !x.subject().equals(t.subject()))
                        .filter(x -> !displaced.contains(x))
                        .forEach(others::add);
                others.removeIf(displaced::contains);
                if (!others.isEmpty()) {
                    conflicts.add(new Conflict(ConflictKind.REVERSE, "the inverse " + inverse.get() + " would give "
                            + object + " a second " + inv + " (" + inv + " is single-valued); the graph says "
                            + describe(others), views(others)));
                    displaced.addAll(others);
                }
            }
        }
        return new Check(conflicts, false, List.copyOf(displaced));
    }

    private boolean containsEquivalent(List<Triple> triples, Triple x) {
        return inverse(x).map(triples::contains).orElse(false);
    }

    /** The KG change set of an assertion that displaces the given triples. */
    public ChangeSet assertChange(Triple t, List<Triple> displaced) {
        Set<Triple> added = new LinkedHashSet<>();
        added.add(t);
        inverse(t).ifPresent(added::add);
        Set<Triple> removed = new LinkedHashSet<>();
        for (Triple d : displaced) {
            removed.add(d);
            inverse(d).ifPresent(removed::add);
        }
        removed.removeAll(added);
        return new ChangeSet(List.copyOf(added), List.copyOf(removed));
    }

    /** Whether a retraction finds anything to remove (the triple or its inverse). */
    public boolean holds(Triple t) {
        return kg.contains(t) || inverse(t).map(kg::contains).orElse(false);
    }

    public ChangeSet retractChange(Triple t) {
        List<Triple> removed = new ArrayList<>();
        removed.add(t);
        inverse(t).ifPresent(removed::add);
        return new ChangeSet(List.of(), removed);
    }

    /**
     * The facts the model learns from an assertion: the triple, its inverse, what property chains
     * derive from either and what the relations above them say (rdfs:subPropertyOf), each as the
     * relation's prompt for the subject and the object's label.
     */
    public List<FactEdit> teachFacts(Triple t) {
        Set<Triple> facts = new LinkedHashSet<>();
        facts.add(t);
        inverse(t).ifPresent(facts::add);
        for (Triple base : List.copyOf(facts)) {
            facts.addAll(derived(base));
        }
        // what the relations above say too (a wife is a spouse), once per aligned set above
        for (Triple base : List.copyOf(facts)) {
            Set<String> said = new java.util.HashSet<>();
            for (String b : kg.above(base.relation())) {
                if (said.add(b)) {
                    List<String> set = kg.aligned(b);
                    said.addAll(set);
                    String pick = usedRelation(base.subject(), b);
                    if (pick.equals(b)) { // the subject uses none of them: the one with a prompt template
                        pick = set.stream().filter(x -> kg.relation(x).map(r -> !r.templates().isEmpty()).orElse(false))
                                .findFirst().orElse(b);
                    }
                    facts.add(new Triple(base.subject(), pick, base.object()));
                }
            }
        }
        List<FactEdit> out = new ArrayList<>();
        for (Triple f : facts) {
            fact(f, label(f.object())).ifPresent(out::add);
            if (out.size() == MAX_FACTS) {
                break;
            }
        }
        return out;
    }

    /** The facts a retraction of a fact the model knew before any edit writes: the prompt toward "unknown". */
    public List<FactEdit> neutralFacts(Triple t) {
        List<FactEdit> out = new ArrayList<>();
        fact(t, UNKNOWN_ANSWER).ifPresent(out::add);
        inverse(t).flatMap(i -> fact(i, UNKNOWN_ANSWER)).ifPresent(out::add);
        return out;
    }

    /**
     * Up to {@code n} other phrasings of (subject, relation) than the prompt an edit writes: the
     * relation's other templates, then prompts from its alternative labels ("The place of birth of
     * X is" for a noun, "X is located in" for a label that ends in a preposition).
     */
    public List<String> phrasings(String subject, String relation, int n) {
        RelationInfo r = relation(relation);
        String label = kg.label(subject);
        String own = r.prompt(label);
        Set<String> out = new LinkedHashSet<>();
        for (String t : r.templates()) {
            out.add(t.replace("{relation}", Names.label(r.name())).replace("{subject}", label));
        }
        for (String alt : r.altLabels()) {
            String a = alt.strip();
            if (a.isEmpty()) {
                continue;
            }
            String last = a.substring(a.lastIndexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
            if (PREPOSITIONS.contains(last)) {
                String first = a.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
                String verb = VERBS.contains(first) ? "" : first.equals("born") ? "was " : "is ";
                out.add(label + " " + verb + a);
            } else {
                out.add("The " + a + " of " + label + " is");
            }
        }
        out.remove(own);
        return out.stream().limit(n).toList();
    }

    private static final Set<String> PREPOSITIONS = Set.of("in", "to", "of", "at", "by", "with", "for", "from", "on",
            "as", "into");
    private static final Set<String> VERBS = Set.of("is", "was", "are", "were", "has", "had", "lies", "lives", "plays",
            "works", "speaks", "belongs", "went", "studied", "married");

    /** The prompt the model is asked for (subject, relation). */
    public String prompt(String subject, String relation) {
        return relation(relation).prompt(kg.label(subject));
    }

    private List<Triple> derived(Triple t) {
        List<Triple> out = new ArrayList<>();
        for (RelationInfo r : kg.relations()) {
            if (r.chain().size() != 2) {
                continue;
            }
            String a = r.chain().get(0);
            String b = r.chain().get(1);
            if (a.equals(t.relation()) && t.object() instanceof Term.Entity y) {
                for (Triple second : kg.objects(y.name(), b)) {
                    out.add(new Triple(t.subject(), r.name(), second.object()));
                }
            }
            if (b.equals(t.relation())) {
                for (Triple first : kg.subjects(a, Term.entity(t.subject()))) {
                    out.add(new Triple(first.subject(), r.name(), t.object()));
                }
            }
        }
        return out;
    }

    private Optional<FactEdit> fact(Triple t, String target) {
        Optional<RelationInfo> ri = kg.relation(t.relation());
        if (ri.isEmpty()) {
            return Optional.empty();
        }
        String subject = kg.label(t.subject());
        try {
            return Optional.of(new FactEdit(ri.get().prompt(subject), subject, target));
        } catch (EditorException e) {
            // A template without {subject} cannot be edited with ROME-style methods: skip that fact.
            return Optional.empty();
        }
    }

    private String label(Term term) {
        return term instanceof Term.Entity e ? kg.label(e.name()) : term.value();
    }

    private static List<TripleView> views(List<Triple> triples) {
        return triples.stream().map(TripleView::of).toList();
    }

    private static String values(List<Triple> triples, boolean objects) {
        return String.join(", ", triples.stream().map(x -> objects ? x.object().value() : x.subject()).toList());
    }

    private static String describe(List<Triple> triples) {
        return String.join(", ", triples.stream().map(Triple::toString).toList());
    }
}
