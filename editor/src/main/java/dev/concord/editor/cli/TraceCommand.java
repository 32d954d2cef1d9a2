package dev.concord.editor.cli;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.edit.trace.CausalTrace;
import dev.concord.editor.edit.trace.TracePlot;
import dev.concord.editor.model.TransformerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code trace}: causal tracing of a prompt (ROME's restoration experiment) as a layer x token heat map PNG. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Causal tracing: corrupt the subject's embeddings, restore one layer's MLP output at one token at a"
                + " time, and draw how much of the answer comes back (a PNG heat map of layer x token).")
final class TraceCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A .gguf file, a folder with one, or an HF folder.")
    Path model;

    @Option(names = "--prompt", required = true, description = "A factual prompt, e.g. \"The Eiffel Tower is located in the city of\".")
    String prompt;

    @Option(names = "--subject", required = true, description = "The subject as it appears in the prompt.")
    String subject;

    @Option(names = "--samples", defaultValue = "3", description = "Noise samples to average (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--window", defaultValue = "10", description = "Layers restored together around each cell's layer, as the"
            + " paper's MLP traces do (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--noise", defaultValue = "3", description = "Noise, in standard deviations of the embeddings (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--out", defaultValue = "trace.png", description = "The PNG to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        try (TransformerModel m = LanguageModels.load(model, device)) {
            CausalTrace.Result r = CausalTrace.run(m, prompt, subject, samples, noise, window, 1L, System.err::println);
            TracePlot.write(out, r, m.info().name() + ": \"" + prompt + "\" -> \"" + r.answer().strip() + "\"");
            System.out.printf(Locale.ROOT, "answer %s: clean %.3f, corrupted %.3f; restoring the MLP output at the subject's"
                            + " last token (%s) helps most around layer %d of %d (p = %.3f)%n", r.answer().strip(), r.clean(),
                    r.corrupted(), r.tokens().get(r.subjectTo()).strip(), r.bestLayer(), r.restored().length,
                    r.restored()[r.bestLayer()][r.subjectTo()]);
            System.out.println(out.toAbsolutePath());
        }
        return 0;
    }
}
