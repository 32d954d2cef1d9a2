package dev.concord.kg;

/**
 * One fact: subject and relation are local names, the object an entity or a literal.
 * In JSON: {@code {"subject": "Donald_Trump", "relation": "wife", "object": "Melania_Trump"}}.
 */
public record Triple(String subject, String relation, Term object) {
    public Triple {
        subject = Names.normalise(subject);
        relation = Names.normalise(relation);
        if (object == null) {
            throw new KgException("object must not be null");
        }
    }

    /** A triple whose object is an entity. */
    public static Triple of(String subject, String relation, String object) {
        return new Triple(subject, relation, Term.entity(object));
    }

    @Override
    public String toString() {
        return "(" + subject + ", " + relation + ", " + object + ")";
    }
}
