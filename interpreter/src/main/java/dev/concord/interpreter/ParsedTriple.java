package dev.concord.interpreter;

/**
 * A triple as the interpreter understood it, in the graph's local names (DESIGN.md,
 * Identifiers); a null part is the unknown of a question. The object is the lexical form of a
 * literal when {@code literal} is true (a year, a number).
 */
public record ParsedTriple(String subject, String relation, String object, boolean literal) {
    public static ParsedTriple of(String subject, String relation, String object) {
        return new ParsedTriple(subject, relation, object, false);
    }
}
