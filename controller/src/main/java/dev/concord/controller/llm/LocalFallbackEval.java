package dev.concord.controller.llm;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.model.TransformerModel;
import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.eval.EvalCase;
import dev.concord.interpreter.eval.Evaluation;
import dev.concord.interpreter.llm.LlmInterpreter;
import dev.concord.interpreter.llm.RulesThenModel;
import dev.concord.interpreter.rules.RuleInterpreter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Measures whether the local instruct model helps the interpreter: each evaluation set scored by
 * the rules (with the paraphrase linker) alone, then by the rules with the model asked for the
 * sentences they leave UNKNOWN. Prints both figures and what the model did with each UNKNOWN.
 *
 * <p>{@code java -cp ... dev.concord.controller.llm.LocalFallbackEval MODEL(.gguf or folder) EVAL.jsonl...}
 */
public final class LocalFallbackEval {

    private LocalFallbackEval() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalFallbackEval MODEL EVAL.jsonl [EVAL.jsonl ...]");
            System.exit(2);
        }
        InMemoryLexicon lexicon = InMemoryLexicon.bundled();
        Interpreter rules = new RuleInterpreter(lexicon);
        System.out.println("loading " + args[0]);
        try (TransformerModel model = LanguageModels.load(Path.of(args[0]), "cpu")) {
            LocalChatModel chat = new LocalChatModel(model::generate, model.chatTemplate(), 96);
            try (LlmInterpreter llm = new LlmInterpreter(chat, model.info().name(), lexicon, Duration.ofMinutes(2));
                 RulesThenModel both = new RulesThenModel(rules, llm)) {
                for (int i = 1; i < args.length; i++) {
                    List<EvalCase> cases = Evaluation.read(Path.of(args[i]));
                    Evaluation.Report alone = Evaluation.run(rules, cases);
                    long unknown = cases.stream().filter(c -> rules.interpret(c.text()).intent() == Intent.UNKNOWN).count();
                    long t0 = System.nanoTime();
                    Evaluation.Report with = Evaluation.run(both, cases);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s: %d sentences, %d left UNKNOWN by the rules%n", args[i], cases.size(), unknown);
                    System.out.printf("  rules alone:            exact %.1f%% (%d)%n", 100 * alone.exactMatch(), alone.exact());
                    System.out.printf("  rules, then the model:  exact %.1f%% (%d)  [%.1f s, %.1f s per model call]%n",
                            100 * with.exactMatch(), with.exact(), seconds, unknown == 0 ? 0 : seconds / unknown);
                    if (args[i].contains("heldout")) {
                        continue; // a held-out set's misses are not looked at
                    }
                    for (EvalCase c : cases) {
                        if (rules.interpret(c.text()).intent() == Intent.UNKNOWN) {
                            var r = both.interpret(c.text());
                            System.out.printf("  UNKNOWN by rules -> %s %s%s%n", r.intent(), r.triples(),
                                    r.note() == null ? "" : "  (" + r.note() + ")");
                        }
                    }
                }
            }
        }
    }
}
