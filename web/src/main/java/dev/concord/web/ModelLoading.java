package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.edit.EditorOptions;
import dev.concord.editor.model.TinyModels;
import dev.concord.editor.demo.DemoModel;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the configured model with its edit log (data/edit-log): concord.model.dir when set,
 * otherwise the demo model in data/models/demo, made at first start. Progress goes to the log.
 */
final class ModelLoading {
    private static final Logger LOG = Logger.getLogger(ModelLoading.class);

    private ModelLoading() {
    }

    static KnowledgeEditor open(ConcordConfig config, Path dataDir) {
        Path modelDir = folder(config, dataDir);
        Path logDir = GraphProducer.ensureDir(dataDir.resolve("edit-log"));
        if (configured(config)) {
            if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
                throw new EditorException("concord.model.dir must be a Hugging Face model folder with config.json, found "
                        + modelDir.toAbsolutePath());
            }
        } else {
            makeDemoModel(config, dataDir, modelDir);
        }
        LOG.infof("Loading the model from %s on %s (edit log %s)", modelDir.toAbsolutePath(), config.model().device(),
                logDir.toAbsolutePath());
        EditorOptions options = EditorOptions.defaults().withProgress(line -> LOG.infof("model: %s", line));
        return KnowledgeEditors.open(modelDir, logDir, config.model().device(), options);
    }

    /**
     * The folder the model is (or will be) loaded from, without making it: concord.model.dir, the
     * tiny test model or the demo model under the data folder. Tools write beside the weights
     * (the editor's {@code eval} leaves evaluation/last.json there).
     */
    static Path folder(ConcordConfig config, Path dataDir) {
        if (configured(config)) {
            return Path.of(config.model().dir().orElseThrow());
        }
        return tiny(config) ? dataDir.resolve("models").resolve("tiny") : DemoModel.location(dataDir);
    }

    private static boolean configured(ConcordConfig config) {
        return config.model().dir().filter(d -> !d.isBlank()).isPresent();
    }

    private static boolean tiny(ConcordConfig config) {
        return config.model().demoSize().strip().equals("tiny");
    }

    /** Makes the demo model at {@code dir} on first use: "tiny" is a small random GPT-2 for tests. */
    private static void makeDemoModel(ConcordConfig config, Path dataDir, Path dir) {
        if (tiny(config)) {
            if (!Files.isRegularFile(dir.resolve("config.json"))) {
                LOG.infof("Writing the tiny test model to %s", dir.toAbsolutePath());
                TinyModels.randomGpt2(GraphProducer.ensureDir(dir), 42, TinyModels.Sizes.tiny());
            }
        } else {
            DemoModel.trainOrLoad(dataDir, line -> LOG.infof("demo model: %s", line));
        }
    }
}
