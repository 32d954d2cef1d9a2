package dev.concord.controller.llm;

import dev.concord.editor.LanguageModel;
import dev.concord.editor.LanguageModels;
import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.Interpreters;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures whether the local instruct model helps the interpreter: each evaluation set scored by
 * the rules (with the paraphrase linker) alone, then by the rules with the model asked for the
 * sentences they leave UNKNOWN. Prints both figures; for sets that are not held out, also what the
 * model made of each sentence the rules left UNKNOWN.
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
        Interpreter rules = Interpreters.rules(lexicon);
        System.out.println("loading " + args[0]);
        try (LanguageModel model = LanguageModels.load(Path.of(args[0]), "cpu")) {
            LocalChatModel chat = new LocalChatModel(model::generate, model.chatTemplate(), 96);
            try (Interpreters.ClosableInterpreter both = Interpreters.rulesThenModel(lexicon, chat, model.info().name(),
                    Duration.ofMinutes(2))) {
                for (int i = 1; i < args.length; i++) {
                    Path file = Path.of(args[i]);
                    Interpreters.Score alone = Interpreters.score(rules, file);
                    long unknown = alone.texts().stream().filter(t -> rules.interpret(t).intent() == Intent.UNKNOWN).count();
                    long t0 = System.nanoTime();
                    Interpreters.Score with = Interpreters.score(both, file);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s: %d sentences, %d left UNKNOWN by the rules%n", file, alone.cases(), unknown);
                    System.out.printf("  rules alone:            exact %.1f%% (%d)%n", 100 * alone.exactMatch(), alone.exact());
                    System.out.printf("  rules, then the model:  exact %.1f%% (%d)  [%.1f s, %.1f s per model call]%n",
                            100 * with.exactMatch(), with.exact(), seconds, unknown == 0 ? 0 : seconds / unknown);
                    if (file.getFileName().toString().contains("heldout")) {
                        continue; // a held-out set's misses are not looked at
                    }
                    for (String t : alone.texts()) {
                        if (rules.interpret(t).intent() == Intent.UNKNOWN) {
                            var r = both.interpret(t);
                            System.out.printf("  UNKNOWN by rules -> %s %s%s%n", r.intent(), r.triples(),
                                    r.note() == null ? "" : "  (" + r.note() + ")");
                        }
                    }
                }
            }
        }
    }
}
