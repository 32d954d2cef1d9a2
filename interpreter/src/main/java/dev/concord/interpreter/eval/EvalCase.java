package dev.concord.interpreter.eval;

import dev.concord.interpreter.Intent;
import dev.concord.interpreter.InterpreterException;
import java.util.List;

/**
 * One labelled sentence: the text, what a careful reader means by it (intent and triples in
 * the graph's local names, null for the asked part), and a category for the report.
 */
public record EvalCase(String text, Intent intent, List<Triple> triples, String category) {

    /** An expected triple; literal flags are not compared, only the three names. */
    public record Triple(String subject, String relation, String object) {
        public Triple {
            if (relation == null || relation.isBlank()) {
                throw new InterpreterException("expected a relation in an evaluation triple but found '" + relation + "'");
            }
        }
    }

    public EvalCase {
        if (text == null) {
            throw new InterpreterException("expected the text of an evaluation case but found none");
        }
        if (intent == null) {
            throw new InterpreterException("expected the intent of evaluation case '" + text + "' but found none");
        }
        triples = List.copyOf(triples);
        category = category == null ? "" : category;
    }
}
