package dev.concord.editor.cli;

import dev.concord.editor.EditorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ./concord editor ...}: the model runtime's command line. Errors are one line on stderr with
 * exit status 2 for bad input (missing file, unsupported architecture, shape mismatch, ...), never
 * a stack trace.
 */
@Command(name = "editor", mixinStandardHelpOptions = true,
        description = "Transformer runtime: train the demo model, generate text, print logits, edit and evaluate.")
public final class EditorCli implements Runnable {

    /** The subcommands; each is its own class (one line per command). */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            TrainDemoCommand.class,
            GenerateCommand.class,
            LogitsCommand.class,
            EditCommand.class,
            EvalCommand.class,
            TokenizeCommand.class,
            StatsCommand.class,
            TraceCommand.class
    );

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EditorCli());
        for (Class<?> c : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof EditorException) {
                err.println("error: " + ex.getMessage());
                err.flush();
                return 2;
            }
            err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            err.flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        Threads.configure();
        System.exit(commandLine().execute(args));
    }
}
