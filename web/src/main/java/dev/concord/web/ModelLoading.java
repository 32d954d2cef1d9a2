package dev.concord.web;

import dev.concord.controller.ConcordConfig;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;

import java.nio.file.Path;

/** Opens the configured model with its edit log, training the demo model first when there is none. */
final class ModelLoading {
    private ModelLoading() {
    }

    static KnowledgeEditor open(ConcordConfig config, Path dataDir) {
        throw new EditorException("this build has no model runtime");
    }
}
