package dev.concord.web.bench;

import dev.concord.controller.LexiconAdapter;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterConfig;
import dev.concord.interpreter.Interpreters;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import dev.concord.kg.Seeds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What keeping the relation list saves: the rule interpreter on chat sentences over the seeded
 * graph (TDB2 in a temporary folder, the server's default backend), with the list kept (as the
 * server runs) and with it read again for every sentence (as before). Bounded loops; prints µs per
 * sentence and per relations() call.
 *
 * <pre>java ... LexiconBenchmark [sentences=2000]</pre>
 */
public final class LexiconBenchmark {
    private static final List<String> SENTENCES = List.of("Who is the wife of Donald Trump?",
            "Donald Trump's wife is Melania Trump.", "Where was Barack Obama born?",
            "Who is the father of Ivanka Trump?", "Forget that Donald Trump's wife is Ivana Trump.");

    private LexiconBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("concord-lexicon-bench");
        try (KnowledgeGraph kg = KnowledgeGraphs.tdb2(dir.resolve("kg"))) {
            Seeds.importDefaultsIfEmpty(kg);
            System.out.printf(Locale.ROOT, "seeded graph: %d triples, %d relations%n", kg.size(), kg.relations().size());
            LexiconAdapter lexicon = new LexiconAdapter(kg);
            Interpreter rules = Interpreters.create(new InterpreterConfig(null, null, null, null), lexicon);
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT
                boolean report = round == 1;
                measure("relations() kept", n * 10, report, lexicon::relations);
                measure("relations() read again", n, report, () -> {
                    lexicon.schemaChanged();
                    lexicon.relations();
                });
                int[] i = {0};
                measure("interpret, list kept", n, report, () -> rules.interpret(SENTENCES.get(i[0]++ % SENTENCES.size())));
                measure("interpret, list read again", n, report, () -> {
                    lexicon.schemaChanged();
                    rules.interpret(SENTENCES.get(i[0]++ % SENTENCES.size()));
                });
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(String what, int n, boolean report, Runnable action) {
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
            action.run();
        }
        double us = (System.nanoTime() - t0) / 1e3 / n;
        if (report) {
            System.out.printf(Locale.ROOT, "%-28s %10.2f µs per call (%d calls)%n", what, us, n);
        }
    }
}
