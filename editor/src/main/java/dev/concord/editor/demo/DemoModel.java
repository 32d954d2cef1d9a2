package dev.concord.editor.demo;

import dev.concord.editor.EditorException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The demo model's home: {@code <dataDir>/models/demo}. Trained once, then loaded like any HF
 * checkpoint. Training writes into a temporary sibling folder that is renamed into place only when
 * complete, so a crash never leaves half a model (a stale temporary folder is removed next time).
 */
public final class DemoModel {

    /** The model's name as the README and the UI show it. */
    public static final String NAME = "concord-demo-gpt2 (trained here)";

    private DemoModel() {
    }

    /** Where the demo model lives under a data folder. */
    public static Path location(Path dataDir) {
        return dataDir.resolve("models").resolve("demo");
    }

    /** True when a complete demo model is present. */
    public static boolean isPresent(Path dataDir) {
        Path dir = location(dataDir);
        return Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))
                && Files.isRegularFile(dir.resolve("tokenizer.json")) && Files.isRegularFile(dir.resolve("demo-facts.json"));
    }

    /** The demo model folder, training it first (standard configuration) when it is not there yet. */
    public static Path trainOrLoad(Path dataDir, Consumer<String> progress) {
        return trainOrLoad(dataDir, DemoConfig.standard(), progress);
    }

    public static synchronized Path trainOrLoad(Path dataDir, DemoConfig config, Consumer<String> progress) {
        Path target = location(dataDir);
        if (isPresent(dataDir)) {
            progress.accept("demo model present at " + target);
            return target;
        }
        progress.accept("training the demo model (first start; about 2-3 minutes on 2 CPU cores) into " + target);
        train(target, config, progress);
        return target;
    }

    /** Trains into a temporary folder beside {@code target} and renames it into place; replaces nothing. */
    public static DemoTrainer.Result train(Path target, DemoConfig config, Consumer<String> progress) {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            try (Stream<Path> old = Files.list(parent)) {
                old.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName() + ".training-"))
                        .forEach(DemoModel::deleteTree);
            }
            if (Files.exists(target)) {
                throw new EditorException("expected no folder at " + target + " but found one; remove it to retrain");
            }
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".training-");
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            DemoTrainer.Result result;
            try {
                result = DemoTrainer.train(DemoFacts.load(config.counterfactLimit()), config, tmp, progress);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } catch (FileAlreadyExistsException e) {
                throw new EditorException("another process finished a demo model at " + target + " first", e);
            } finally {
                deleteTree(tmp);
            }
            return new DemoTrainer.Result(target, result.steps(), result.seconds(), result.finalLoss(),
                    result.trainAccuracy(), result.heldOutAccuracy(), result.facts(), result.trainSequences(),
                    result.heldOutSequences(), result.vocab(), result.parameters());
        } catch (IOException e) {
            throw new EditorException("cannot create the demo model under " + parent + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new EditorException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
