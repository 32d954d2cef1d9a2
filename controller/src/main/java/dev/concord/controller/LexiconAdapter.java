package dev.concord.controller;

import dev.concord.interpreter.Lexicon;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.LabelMatch;
import dev.concord.kg.Names;
import dev.concord.kg.RelationInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The interpreter's {@link Lexicon} port over the knowledge graph: entity labels and relation
 * phrasings. The interpreter asks for the relations on every sentence, so the list is built once
 * and kept (the same immutable list each time) until {@link #schemaChanged()} is called, which
 * whoever writes the schema in this process does (PUT /api/kg/relations/{name}, the seed import).
 * A schema written by another process sharing the graph (another replica on Neo4j) is picked up
 * when the kept list is older than {@code maxAge}.
 */
public final class LexiconAdapter implements Lexicon {
    /** How long a kept relation list is trusted without an invalidation (writers in other processes). */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);

    private final KnowledgeGraph kg;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    /** Bumped by every schema change; a list built under an older generation is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Kept kept;

    private record Kept(List<RelationPhrasings> relations, long generation, long builtAt) {
    }

    public LexiconAdapter(KnowledgeGraph kg) {
        this(kg, DEFAULT_MAX_AGE, System::nanoTime);
    }

    /** {@code clock} gives nanoseconds (System::nanoTime; tests pass their own). */
    public LexiconAdapter(KnowledgeGraph kg, Duration maxAge, LongSupplier clock) {
        if (maxAge == null || maxAge.isNegative()) {
            throw ControllerException.badInput("the lexicon's maxAge must be zero or positive, found " + maxAge);
        }
        this.kg = kg;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    /** The relation schema changed: the next {@link #relations()} reads it again from the graph. */
    public void schemaChanged() {
        generation.incrementAndGet();
        kept = null;
    }

    /** Relations the entity is the subject of, from its neighbourhood in the graph (paraphrase linking's evidence). */
    @Override
    public java.util.Set<String> subjectRelations(String entity) {
        return relationsOf(entity, true);
    }

    /** Relations the entity is the object of. */
    @Override
    public java.util.Set<String> objectRelations(String entity) {
        return relationsOf(entity, false);
    }

    private java.util.Set<String> relationsOf(String entity, boolean outgoing) {
        try {
            var n = kg.neighbourhood(entity);
            java.util.Set<String> out = new java.util.HashSet<>();
            (outgoing ? n.outgoing() : n.incoming()).forEach(t -> out.add(t.relation()));
            return out;
        } catch (RuntimeException e) {
            return java.util.Set.of(); // a name the graph cannot hold: no evidence
        }
    }

    @Override
    public Optional<String> findEntity(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().replaceAll("[\\p{Punct}&&[^_.'-]]+$", "").strip();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String article : List.of("the ", "a ", "an ")) {
            if (lower.startsWith(article)) {
                Optional<String> found = exact(t.substring(article.length()));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return exact(t);
    }

    private Optional<String> exact(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        List<LabelMatch> matches = kg.searchLabels(text, 5);
        for (LabelMatch m : matches) {
            if (m.exact()) {
                return Optional.of(m.entity());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<RelationPhrasings> relations() {
        Kept k = kept;
        long now = clock.getAsLong();
        long gen = generation.get();
        if (k != null && k.generation() == gen && now - k.builtAt() <= maxAgeNanos) {
            return k.relations();
        }
        List<RelationPhrasings> built = build();
        if (generation.get() == gen) {
            // a schema change while building would make this list stale: keep it only if none came
            kept = new Kept(built, gen, now);
        }
        return built;
    }

    private List<RelationPhrasings> build() {
        List<RelationPhrasings> out = new ArrayList<>();
        for (RelationInfo r : kg.relations()) {
            Set<String> phrasings = new LinkedHashSet<>();
            phrasings.add(Names.label(r.name()));
            phrasings.addAll(r.altLabels());
            out.add(new RelationPhrasings(r.name(), List.copyOf(phrasings), r.symmetric() ? r.name() : r.inverse()));
        }
        return List.copyOf(out);
    }
}
