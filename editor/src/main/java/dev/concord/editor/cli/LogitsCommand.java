package dev.concord.editor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.model.TransformerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code logits}: every position's logits as a JSON array of arrays, to check a loader against another implementation. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print the logits of every position for a sequence of token ids as a JSON array of arrays.")
final class LogitsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "HF model folder.")
    Path model;

    @Option(names = "--ids", required = true, split = ",", description = "Token ids, comma-separated (e.g. 3,7,11).")
    long[] ids;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        if (ids.length == 0) {
            throw new EditorException("expected at least one token id but found none");
        }
        try (TransformerModel m = LanguageModels.load(model, device); NDManager nd = m.newManager()) {
            NDArray logits = m.forward(nd, nd.create(ids, new Shape(1, ids.length)), null);
            float[] v = logits.toFloatArray();
            int vocab = (int) logits.getShape().get(2);
            StringBuilder sb = new StringBuilder("[");
            for (int t = 0; t < ids.length; t++) {
                sb.append(t == 0 ? "[" : ",\n[");
                for (int j = 0; j < vocab; j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    sb.append(v[t * vocab + j]);
                }
                sb.append(']');
            }
            System.out.println(sb.append(']'));
        }
        return 0;
    }
}
