package dev.concord.controller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.concord.controller.agreement.AgreementAudit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.ModelChoice;
import dev.concord.editor.EditorOptions;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.KnowledgeGraphs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./concord audit}: does the model say what the graph says? Opens the data folder's TDB2
 * graph and the model with its edit log (the server's, so its edits count) and prints agreement
 * overall, per relation, and the disagreements. The server holds the graph while it runs: use the
 * Model panel (or POST /api/model/agreement) then.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Agreement audit: the model's greedy answers against the graph's facts.")
public final class AuditCli implements Callable<Integer> {

    @Option(names = "--data", description = "Data folder (default: $CONCORD_DATA_DIR or ./data).")
    Path data;

    @Option(names = "--model", description = "A .gguf file or model folder (default: $CONCORD_MODEL_DIR, else the pulled"
            + " $CONCORD_MODEL, default smollm2-135m-instruct, under <data>/models).")
    Path model;

    @Option(names = "--sample", defaultValue = "200", description = "Facts to check, a seeded sample (0: all; default"
            + " ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--seed", defaultValue = "7", description = "Sample seed (default ${DEFAULT-VALUE}, as the server's).")
    long seed;

    @Option(names = "--tokens", defaultValue = "12", description = "Tokens per answer (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
    String device;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AuditCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("audit: " + e.getMessage());
                    return 1;
                }).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (sample < 0) {
            throw new IllegalArgumentException("--sample must be 0 (all) or more, found " + sample);
        }
        Path dataDir = data != null ? data : Path.of(System.getenv().getOrDefault("CONCORD_DATA_DIR", "data"));
        ModelChoice choice = choose(dataDir);
        Path kgDir = dataDir.resolve("kg");
        if (!Files.isDirectory(kgDir)) {
            throw new IllegalArgumentException("no graph at " + kgDir + ": start the server once (./concord serve) or"
                    + " give --data");
        }
        KnowledgeGraph kg;
        try {
            kg = KnowledgeGraphs.tdb2(kgDir);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the graph at " + kgDir + " (" + e.getMessage() + "); while the"
                    + " server runs, use the Model panel's agreement audit or POST /api/model/agreement", e);
        }
        try (kg; KnowledgeEditor editor = KnowledgeEditors.open(choice.path(), choice.logDir(dataDir), device,
                EditorOptions.defaults().withProgress(line -> { }))) {
            List<AgreementAudit.Fact> facts = AgreementAudit.facts(kg, sample, seed);
            System.err.printf(Locale.ROOT, "auditing %d facts of %s against %s (%s)%n", facts.size(), kgDir,
                    editor.modelName(), choice.reason());
            AgreementAudit.Report r = AgreementAudit.run(facts, editor, tokens, System.err::println);
            System.out.printf(Locale.ROOT, "model: %s%nagreement: %d of %d facts (%.3f)%n%n", r.model(), r.agreeing(),
                    r.checked(), r.agreement());
            System.out.printf(Locale.ROOT, "%-28s %6s %6s %9s%n", "relation", "facts", "agree", "agreement");
            for (AgreementAudit.RelationScore s : r.relations()) {
                System.out.printf(Locale.ROOT, "%-28s %6d %6d %9.3f%n", s.relation(), s.checked(), s.agreeing(),
                        s.agreement());
            }
            System.out.printf(Locale.ROOT, "%ndisagreements (%d):%n", r.disagreements().size());
            for (AgreementAudit.Result x : r.disagreements()) {
                System.out.printf(Locale.ROOT, "  %s [%s] | graph: %s | model: %s%n", x.fact().prompt(),
                        x.fact().key(), x.fact().expected(), x.answer().replace('\n', ' '));
            }
            if (json != null) {
                new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter().writeValue(json.toFile(), r);
                System.err.println("report written to " + json);
            }
        }
        return 0;
    }

    private ModelChoice choose(Path dataDir) {
        if (model != null) {
            return ModelChoice.configured(model);
        }
        String dir = System.getenv("CONCORD_MODEL_DIR");
        if (dir != null && !dir.isBlank()) {
            return ModelChoice.configured(Path.of(dir));
        }
        String name = System.getenv().getOrDefault("CONCORD_MODEL", "smollm2-135m-instruct");
        return ModelChoice.pulled(dataDir.resolve("models"), name).orElseThrow(() -> new IllegalArgumentException(
                "model " + name + " is not pulled under " + dataDir.resolve("models") + ": run ./concord model pull "
                        + name + ", or give --model"));
    }
}
