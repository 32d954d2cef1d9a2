package dev.concord.editor.cli;

import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.ModelChoice;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.export.ModelExport;
import dev.concord.editor.gguf.GgmlType;
import dev.concord.editor.pull.ModelPull;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code model export}: the model with every active edit applied, as GGUF or a Hugging Face folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the model with all active edits applied: GGUF (edited tensors in F16 or F32, the others copied"
                + " as they were) or a Hugging Face safetensors folder. The base file is never modified.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, description = "gguf or safetensors.")
    String format;

    @Option(names = "--out", required = true, description = "The .gguf file or the folder to write.")
    Path out;

    @Option(names = "--model", description = "The base model (default: $CONCORD_MODEL_DIR, else the pulled "
            + ModelPull.DEFAULT + ").")
    Path model;

    @Option(names = "--edit-log", description = "The edit log (default: the one ./concord serve keeps for that model).")
    Path editLog;

    @Option(names = "--type", defaultValue = "f16", description = "Type of edited tensors in GGUF: f16 or f32 (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--data-dir", description = "Data folder (default: $CONCORD_DATA_DIR or ./data).")
    Path dataDir;

    @Override
    public Integer call() {
        Path data = ModelCli.dataDir(dataDir);
        ModelChoice choice;
        if (model != null) {
            choice = ModelChoice.configured(model);
        } else {
            String env = System.getenv("CONCORD_MODEL_DIR");
            choice = env != null && !env.isBlank() ? ModelChoice.configured(Path.of(env))
                    : ModelChoice.pulled(data.resolve("models"), ModelPull.DEFAULT).orElseThrow(() -> new EditorException(
                    "no model to export: pass --model, set CONCORD_MODEL_DIR, or run ./concord model pull"));
        }
        GgmlType t = switch (type.toLowerCase(Locale.ROOT)) {
            case "f16" -> GgmlType.F16;
            case "f32" -> GgmlType.F32;
            default -> throw new EditorException("expected --type f16 or f32 but found '" + type + "'");
        };
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("gguf") && !fmt.equals("safetensors")) {
            throw new EditorException("expected --format gguf or safetensors but found '" + format + "'");
        }
        Path log = editLog != null ? editLog : choice.logDir(data);
        EditorOptions options = EditorOptions.defaults().withProgress(line -> System.err.println("model: " + line));
        try (KnowledgeEditor editor = KnowledgeEditors.open(choice.path(), log, "cpu", options)) {
            ModelExport.Result r = ModelExport.export(editor, choice.path(), fmt, out,
                    t, line -> System.err.println("export: " + line));
            System.err.println("export: " + r.weightEdits().size() + " weight edit(s) applied, "
                    + r.rewritten().size() + " tensor(s) rewritten"
                    + (r.notExported().isEmpty() ? "" : ", " + r.notExported().size() + " GRACE edit(s) not exportable"));
            System.out.println(r.path().toAbsolutePath());
        }
        return 0;
    }
}
