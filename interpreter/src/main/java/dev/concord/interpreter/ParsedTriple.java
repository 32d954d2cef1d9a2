package dev.concord.interpreter;

/**
 * A triple as the interpreter understood it, in the graph's local names (ARCHITECTURE.md,
 * Identifiers); a null part is the unknown of a question. The object is the lexical form of a
 * literal when {@code literal} is true (a year, a number).
 */
public record ParsedTriple(String subject, String relation, String object, boolean literal) {
    public ParsedTriple {
        if (relation == null || relation.isBlank()) {
            throw new InterpreterException("expected a relation in a parsed triple but found '" + relation + "'");
        }
        if (literal && object == null) {
            throw new InterpreterException("expected the object of a literal triple (" + subject + ", " + relation + ") but found null");
        }
    }

    public static ParsedTriple of(String subject, String relation, String object) {
        return new ParsedTriple(subject, relation, object, false);
    }
}
