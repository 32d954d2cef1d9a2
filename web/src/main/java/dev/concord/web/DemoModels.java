package dev.concord.web;

import dev.concord.editor.EditorException;

import java.nio.file.Files;
import java.nio.file.Path;

/** The demo model trained from the seed KG (editor's demo trainer). */
final class DemoModels {
    private DemoModels() {
    }

    static Path trainOrLoad(Path dir) {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return dir;
        }
        throw new EditorException("no demo model in " + dir.toAbsolutePath()
                + " and this build has no demo trainer; set CONCORD_MODEL_DIR to a model folder or CONCORD_MODEL_ENABLED=false");
    }
}
