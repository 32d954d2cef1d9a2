package dev.concord.interpreter;

/** Turns what a person typed into an intent and triples linked to the graph's names. */
public interface Interpreter {
    Interpretation interpret(String text);
}
