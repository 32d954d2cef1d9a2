package dev.concord.interpreter.llm;

import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.rules.SafetyGuard;

import java.util.List;
import java.util.Objects;

/**
 * The rules (with the paraphrase linker) first; a chat model only for the sentences they leave
 * UNKNOWN. Texts the safety guard refuses never reach the model, and a model answer that fails
 * validation leaves the rules' UNKNOWN standing, with the model's failure in the note.
 */
public final class RulesThenModel implements Interpreter, AutoCloseable {
    private final Interpreter rules;
    private final LlmInterpreter model;

    public RulesThenModel(Interpreter rules, LlmInterpreter model) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Interpretation interpret(String text) {
        Interpretation r = rules.interpret(text);
        if (r.intent() != Intent.UNKNOWN || SafetyGuard.refusal(text).isPresent()) {
            return r;
        }
        LlmInterpreter.Attempt a = model.attempt(text);
        if (a.result() == null || a.result().intent() == Intent.UNKNOWN) {
            String why = a.result() == null ? a.failure() : "it found no fact or question either";
            return new Interpretation(Intent.UNKNOWN, List.of(), r.interpreter(),
                    (r.note() == null ? "" : r.note() + "; ") + "the model was asked too: " + why);
        }
        return new Interpretation(a.result().intent(), a.result().triples(),
                r.interpreter() + ", then " + a.result().interpreter(), a.result().note());
    }

    @Override
    public void close() {
        model.close();
    }
}
