package dev.concord.interpreter;

import java.util.List;
import java.util.Optional;

/**
 * What the interpreter links against: the graph's entities and the schema's relation phrasings.
 * The controller adapts the knowledge graph to this port (the interpreter does not know
 * kg-store); tests use {@link InMemoryLexicon}.
 */
public interface Lexicon {

    /** The entity whose label matches the text (case, punctuation and a leading article tolerated), if any. */
    Optional<String> findEntity(String text);

    /** Relations of which the entity is already the subject in the graph (empty when unknown). */
    default java.util.Set<String> subjectRelations(String entity) {
        return java.util.Set.of();
    }

    /** Relations of which the entity is already the object in the graph (empty when unknown). */
    default java.util.Set<String> objectRelations(String entity) {
        return java.util.Set.of();
    }

    /** Relation names with their phrasings (skos:altLabel and the name with spaces), for relation linking. */
    List<RelationPhrasings> relations();

    /** A relation name and the phrasings that name it ("born in", "place of birth"). */
    record RelationPhrasings(String relation, List<String> phrasings, String inverse) {
        public RelationPhrasings {
            if (relation == null || relation.isBlank()) {
                throw new InterpreterException("expected a relation name but found '" + relation + "'");
            }
            phrasings = List.copyOf(phrasings);
        }
    }
}
