package dev.concord.web.support;

import dev.concord.kg.ChangeSet;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.LabelMatch;
import dev.concord.kg.Names;
import dev.concord.kg.Neighbourhood;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Revision;
import dev.concord.kg.SparqlEndpoint;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import dev.concord.kg.KgException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Interim in-memory graph used by the workflow tests until kg-store's own backends are merged. */
public final class MemoryGraph implements KnowledgeGraph {
    private final Set<Triple> triples = new LinkedHashSet<>();
    private final Map<String, RelationInfo> relations = new LinkedHashMap<>();
    private final List<Revision> history = new ArrayList<>();

    @Override
    public synchronized void executeRead(Runnable action) {
        action.run();
    }

    @Override
    public synchronized <T> T calculateRead(Supplier<T> action) {
        return action.get();
    }

    @Override
    public synchronized void executeWrite(Runnable action) {
        action.run();
    }

    @Override
    public synchronized <T> T calculateWrite(Supplier<T> action) {
        return action.get();
    }

    @Override
    public synchronized List<Triple> match(String subject, String relation, Term object) {
        return triples.stream().filter(t -> (subject == null || t.subject().equals(subject))
                && (relation == null || t.relation().equals(relation))
                && (object == null || t.object().equals(object))).toList();
    }

    @Override
    public synchronized boolean contains(Triple triple) {
        return triples.contains(triple);
    }

    @Override
    public synchronized Neighbourhood neighbourhood(String entity) {
        return new Neighbourhood(entity, match(entity, null, null), match(null, null, Term.entity(entity)));
    }

    @Override
    public synchronized boolean hasEntity(String entity) {
        return !match(entity, null, null).isEmpty() || !match(null, null, Term.entity(entity)).isEmpty();
    }

    @Override
    public String label(String entity) {
        return Names.label(entity);
    }

    @Override
    public synchronized List<LabelMatch> searchLabels(String text, int limit) {
        String key = text.strip().replace(' ', '_').toLowerCase();
        Set<String> entities = new LinkedHashSet<>();
        for (Triple t : triples) {
            entities.add(t.subject());
            if (t.object() instanceof Term.Entity e) {
                entities.add(e.name());
            }
        }
        return entities.stream().filter(e -> e.toLowerCase().equals(key)).limit(limit)
                .map(e -> new LabelMatch(e, Names.label(e), true)).toList();
    }

    @Override
    public synchronized long size() {
        return triples.size();
    }

    @Override
    public synchronized Optional<RelationInfo> relation(String name) {
        return Optional.ofNullable(relations.get(name));
    }

    @Override
    public synchronized List<RelationInfo> relations() {
        return List.copyOf(relations.values());
    }

    @Override
    public synchronized void putRelation(RelationInfo info) {
        relations.put(info.name(), info);
    }

    @Override
    public synchronized Revision apply(ChangeSet changes, String author) {
        List<Triple> removed = new ArrayList<>();
        List<Triple> added = new ArrayList<>();
        for (Triple t : changes.removed()) {
            if (triples.remove(t)) {
                removed.add(t);
            }
        }
        for (Triple t : changes.added()) {
            if (triples.add(t)) {
                added.add(t);
            }
        }
        Revision r = new Revision(history.size() + 1, Instant.now(), author, new ChangeSet(added, removed));
        history.add(r);
        return r;
    }

    @Override
    public synchronized long currentRevision() {
        return history.size();
    }

    @Override
    public synchronized List<Revision> history() {
        return List.copyOf(history);
    }

    @Override
    public synchronized Optional<Revision> revision(long number) {
        return number < 1 || number > history.size() ? Optional.empty() : Optional.of(history.get((int) number - 1));
    }

    @Override
    public synchronized Revision revert(long revision, String author) {
        return apply(revision(revision).orElseThrow(() -> new KgException("no revision " + revision)).changes().inverse(), author);
    }

    @Override
    public SparqlEndpoint sparql() {
        throw new KgException("the interim test graph has no SPARQL endpoint");
    }

    @Override
    public void close() {
    }
}
