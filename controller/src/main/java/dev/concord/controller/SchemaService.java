package dev.concord.controller;

import dev.concord.controller.alignment.AlignmentService;
import dev.concord.kg.KgException;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Changes to the relation schema: a relation's definition, and alignments between relations
 * (owl:equivalentProperty, rdfs:subPropertyOf). Validated here, applied under the edit lock (no
 * edit is checked against a half-changed schema), and the interpreter's lexicon is told.
 */
@ApplicationScoped
public class SchemaService {
    private static final Logger LOG = Logger.getLogger(SchemaService.class);

    /** Alignment kinds: a means the same as b, or a is under b. */
    public static final String EQUIVALENT = "equivalent";
    public static final String SUBPROPERTY = "subproperty";

    @Inject
    KnowledgeGraph kg;
    @Inject
    EditLock lock;
    @Inject
    LexiconAdapter lexicon;
    @Inject
    AlignmentService alignments;

    /** What a relation's definition may hold; a null field is left at its default. */
    public record RelationChange(Boolean functional, String inverse, Boolean symmetric, List<String> chain,
                                 List<String> altLabels, List<String> templates) {
    }

    /**
     * An alignment after a change: the aligned set (for a subproperty, everything the broader relation
     * covers), and the facts that now disagree within it (single-valued sets: subjects with more than
     * one object), listed for the admin rather than re-checked silently.
     */
    public record AlignmentChange(String a, String b, boolean changed, List<String> aligned,
                                  List<List<TripleView>> conflicts) {
    }

    /**
     * Adds or replaces a relation's definition; its alignments are kept (they change through
     * {@link #changeAlignment}). A new relation starts an alignment proposal run in the background.
     */
    public RelationInfo putRelation(String name, RelationChange change, String admin) {
        if (change == null) {
            throw ControllerException.badInput("expected a JSON body");
        }
        if (change.functional() == null && change.inverse() == null && change.symmetric() == null && change.chain() == null
                && change.altLabels() == null && change.templates() == null) {
            throw ControllerException.badInput("give at least one of functional, inverse, symmetric, chain, altLabels, templates");
        }
        noNulls("chain", change.chain());
        noNulls("altLabels", change.altLabels());
        noNulls("templates", change.templates());
        RelationInfo info;
        try {
            info = new RelationInfo(name, Boolean.TRUE.equals(change.functional()), change.inverse(),
                    Boolean.TRUE.equals(change.symmetric()), change.chain(), change.altLabels(), change.templates());
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
        for (String t : info.templates()) {
            if (!t.contains("{subject}")) {
                throw ControllerException.badInput("every template must hold {subject}, found '" + t + "'");
            }
        }
        boolean created = kg.relation(info.name()).isEmpty();
        try {
            lock.underLock(() -> {
                Optional<RelationInfo> old = kg.relation(info.name());
                kg.putRelation(info.withEquivalents(old.map(RelationInfo::equivalents).orElse(List.of()))
                        .withBroader(old.map(RelationInfo::broader).orElse(List.of())));
                return null;
            });
        } finally {
            lexicon.schemaChanged(); // the chat's interpreter sees the relation from the next sentence on
        }
        if (created) {
            // a new relation may mean what an existing one means
            CompletableFuture.runAsync(() -> {
                try {
                    alignments.propose(admin);
                } catch (RuntimeException e) {
                    LOG.warnf("alignment proposals after creating %s: %s", info.name(), e.getMessage());
                }
            });
        }
        return kg.relation(info.name()).orElse(info);
    }

    /** States ({@code add}) or removes an alignment of {@code kind} (null: equivalent) between two relations. */
    public AlignmentChange changeAlignment(String a, String b, String kind, boolean add) {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            throw ControllerException.badInput("give two relation names, a and b");
        }
        String k = kind == null || kind.isBlank() ? EQUIVALENT : kind.strip().toLowerCase(Locale.ROOT);
        if (!k.equals(EQUIVALENT) && !k.equals(SUBPROPERTY)) {
            throw ControllerException.badInput("kind is 'equivalent' (a means the same as b) or 'subproperty' (a is under b), found '"
                    + kind + "'");
        }
        boolean under = k.equals(SUBPROPERTY);
        String x;
        String y;
        try {
            x = Names.normalise(a.strip());
            y = Names.normalise(b.strip());
        } catch (KgException e) {
            throw ControllerException.badInput(e.getMessage());
        }
        if (x.equals(y)) {
            throw ControllerException.badInput("a relation cannot be aligned with itself: " + x);
        }
        for (String r : List.of(x, y)) {
            if (kg.relation(r).isEmpty()) {
                throw ControllerException.notFound("no relation named " + r);
            }
        }
        try {
            return lock.underLock(() -> {
                boolean changed;
                try {
                    changed = under ? (add ? kg.subsume(x, y) : kg.unsubsume(x, y)) : (add ? kg.align(x, y) : kg.unalign(x, y));
                } catch (KgException e) {
                    throw ControllerException.conflict(e.getMessage());
                }
                EditPlanner planner = new EditPlanner(kg);
                // under: y's single-valued set now covers x's facts too
                List<List<TripleView>> conflicts = new ArrayList<>(planner.alignmentConflicts(under ? y : x));
                if (!add && !under) {
                    conflicts.addAll(planner.alignmentConflicts(y));
                }
                return new AlignmentChange(x, y, changed, under ? kg.covering(y) : kg.aligned(x), conflicts);
            });
        } finally {
            lexicon.schemaChanged();
        }
    }

    private static void noNulls(String field, List<String> values) {
        if (values != null && values.stream().anyMatch(Objects::isNull)) {
            throw ControllerException.badInput(field + " must hold strings, found null in " + values);
        }
    }
}
