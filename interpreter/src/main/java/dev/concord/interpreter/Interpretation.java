package dev.concord.interpreter;

import java.util.List;

/**
 * The result of interpreting one text: the intent, at most {@link #MAX_TRIPLES} triples, which
 * interpreter produced it ("rules" or "llm:model-name"), and a note (for example why the LLM
 * interpreter fell back to the rules), null when there is nothing to say.
 */
public record Interpretation(Intent intent, List<ParsedTriple> triples, String interpreter, String note) {
    public static final int MAX_TRIPLES = 4;

    public Interpretation {
        if (intent == null) {
            throw new InterpreterException("expected an intent but found null");
        }
        triples = List.copyOf(triples);
        if (triples.size() > MAX_TRIPLES) {
            throw new InterpreterException("at most " + MAX_TRIPLES + " triples per text, found " + triples.size());
        }
    }

    public static Interpretation unknown(String interpreter, String note) {
        return new Interpretation(Intent.UNKNOWN, List.of(), interpreter, note);
    }
}
