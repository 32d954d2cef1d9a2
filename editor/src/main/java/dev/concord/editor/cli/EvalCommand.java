package dev.concord.editor.cli;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.demo.DemoModel;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.edit.LoggedKnowledgeEditor;
import dev.concord.editor.eval.EvalCase;
import dev.concord.editor.eval.EvalCases;
import dev.concord.editor.eval.EvalReport;
import dev.concord.editor.eval.EvalRow;
import dev.concord.editor.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code eval}: the CounterFact-style evaluation of every editing method on the demo model (or a
 * model folder that has a demo-facts.json) at T sequential edits, printed as a table and written as
 * eval.json, eval.txt and eval.png.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the editing methods (reliability, generalisation, locality, portability, greedy match) at T = 1, 10, 100.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", description = "The model: a .gguf file, an HF folder, or the demo model's folder"
            + " (default: the demo model under --data-dir, trained when missing).")
    Path model;

    @Option(names = "--data", description = "Evaluation records in the CounterFact or zsRE layout (a JSON array);"
            + " default: cases built from the demo model's demo-facts.json.")
    Path data;

    @Option(names = "--data-dir", description = "Data folder for the demo model (default: $CONCORD_DATA_DIR or ./data).")
    Path dataDir;

    @Option(names = "--methods", defaultValue = "ROME,MEMIT,GRACE,FT_L,FT_M", split = ",",
            description = "Methods to evaluate (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--edits", defaultValue = "1,10,100", split = ",", description = "Values of T (default: ${DEFAULT-VALUE}).")
    List<Integer> edits;

    @Option(names = "--min-cases", defaultValue = "20",
            description = "Cases per T at least (groups of T over the first max(T, this) cases; default: ${DEFAULT-VALUE}).")
    int minCases;

    @Option(names = "--batch", description = "Also evaluate MEMIT and AlphaEdit with the largest T applied as one batch edit.")
    boolean batch;

    @Option(names = "--batch-only", description = "Evaluate only the batch edit of MEMIT and AlphaEdit (implies --batch; no sequential runs).")
    boolean batchOnly;

    @Option(names = "--param", split = ",",
            description = "Hyperparameter override METHOD.key=value, e.g. ROME.v_steps=30 (repeatable).")
    List<String> params;

    @Option(names = "--out", defaultValue = "eval-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--stats", description = "A statistics folder to reuse (what `editor stats` printed): its"
            + " cached corpus and layer statistics are copied into the evaluation's own temporary log.")
    Path stats;

    @Option(names = "--verbose", description = "Print the editing methods' progress lines.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        Path dir = model;
        if (dir == null) {
            Path data = dataDir != null ? dataDir
                    : Path.of(System.getenv().getOrDefault("CONCORD_DATA_DIR", "data"));
            dir = DemoModel.trainOrLoad(data, System.err::println);
        }
        List<EditMethod> chosen = methods.stream().map(EditCommand::parse).toList();
        int maxT = edits.stream().mapToInt(Integer::intValue).max()
                .orElseThrow(() -> new EditorException("expected at least one value for --edits"));
        if (edits.stream().anyMatch(t -> t < 1)) {
            throw new EditorException("expected --edits values of at least 1, found " + edits);
        }
        List<EvalCase> cases = data != null ? EvalCases.fromFile(data, Math.max(maxT, minCases))
                : EvalCases.load(dir, Math.max(maxT, minCases));
        Path logDir = Files.createTempDirectory("concord-eval-log");
        if (stats != null) {
            if (!Files.isDirectory(stats)) {
                throw new EditorException("expected a statistics folder at " + stats + " but found none");
            }
            Files.createDirectories(logDir.resolve("stats"));
            try (Stream<Path> files = Files.list(stats)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, logDir.resolve("stats").resolve(f.getFileName()));
                }
            }
        }
        EditorOptions options = EditorOptions.defaults().withOverrides(overrides(params))
                .withProgress(verbose ? System.err::println : s -> { });
        List<EvalRow> rows = new ArrayList<>();
        String name;
        try (LoggedKnowledgeEditor editor = KnowledgeEditors.open(dir, logDir, device, options)) {
            name = editor.modelName();
            Evaluator evaluator = new Evaluator(editor, System.err::println);
            evaluator.baseline(cases);
            System.err.printf("evaluating %s on %d cases of %s%n", chosen, cases.size(), name);
            for (EditMethod m : chosen) {
                for (int t : batchOnly ? List.<Integer>of() : edits) {
                    List<EvalCase> use = cases.subList(0, Math.min(cases.size(), Math.max(t, minCases)));
                    rows.add(evaluator.run(m, t, false, use));
                }
                if ((batch || batchOnly) && (m == EditMethod.MEMIT || m == EditMethod.ALPHAEDIT)) {
                    rows.add(evaluator.run(m, maxT, true, cases.subList(0, Math.min(cases.size(), maxT))));
                }
            }
        } finally {
            deleteTree(logDir);
        }
        String table = EvalReport.table(name, rows);
        System.out.print(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("eval.txt"), table, StandardCharsets.UTF_8);
        EvalReport.writeJson(out.resolve("eval.json"), name, rows);
        EvalReport.writeChart(out.resolve("eval.png"), "Editing " + name + " (CounterFact-style, sequential T)", rows);
        System.err.println("wrote " + out.resolve("eval.json") + ", eval.txt and eval.png");
        publish(dir, name, rows);
        return 0;
    }

    /**
     * Copies the results to {@code <model>/evaluation/last.json}, where the web application's Model
     * panel reads "the evaluation of the last run"; a read-only model folder only gets a note.
     */
    static void publish(Path model, String name, List<EvalRow> rows) {
        Path modelDir = java.nio.file.Files.isRegularFile(model) ? model.toAbsolutePath().getParent() : model;
        Path target = modelDir.resolve("evaluation").resolve("last.json");
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "last", ".json.tmp");
            EvalReport.writeJson(tmp, name, rows);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.err.println("published to " + target + " (shown in the web application's Model panel)");
        } catch (IOException | RuntimeException e) {
            System.err.println("note: could not publish the results to " + target + " (" + e.getMessage()
                    + "); the Model panel keeps showing the previous run");
        }
    }

    static Map<EditMethod, Map<String, String>> overrides(List<String> specs) {
        Map<EditMethod, Map<String, String>> out = new EnumMap<>(EditMethod.class);
        if (specs == null) {
            return out;
        }
        for (String s : specs) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            if (dot < 1 || eq < dot + 2) {
                throw new EditorException("expected --param METHOD.key=value, found '" + s + "'");
            }
            EditMethod m = EditCommand.parse(s.substring(0, dot));
            out.computeIfAbsent(m, k -> new HashMap<>()).put(s.substring(dot + 1, eq), s.substring(eq + 1));
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
