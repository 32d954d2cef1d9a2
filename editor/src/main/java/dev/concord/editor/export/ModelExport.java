package dev.concord.editor.export;

import ai.djl.ndarray.NDArray;
import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.edit.EditedModel;
import dev.concord.editor.gguf.GgmlType;
import dev.concord.editor.gguf.GgufFile;
import dev.concord.editor.gguf.GgufModels;
import dev.concord.editor.gguf.GgufWriter;
import dev.concord.editor.model.TransformerModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a model with every active weight edit applied, for llama.cpp, Ollama or transformers to
 * serve. The base file is never modified; the edit log keeps its float32 deltas, so rollback stays exact.
 *
 * <ul>
 *   <li>GGUF (from a GGUF base): all metadata copied; every tensor whose live weights differ from the
 *       base is written in F32 or F16 (q/k rows permuted back to llama.cpp's layout); the others are
 *       copied byte for byte in their original quantization. {@code concord.edits} lists the edit ids.</li>
 *   <li>safetensors: a Hugging Face folder (config.json, model.safetensors in float32, tokenizer.json).</li>
 * </ul>
 * GRACE edits live in a side codebook consulted at run time, not in the weights: they cannot be
 * exported and are reported, so the caller can say so.
 */
public final class ModelExport {

    /** What an export wrote. */
    public record Result(Path path, List<String> rewritten, List<String> weightEdits, List<String> notExported) {
    }

    private ModelExport() {
    }

    public static Result export(KnowledgeEditor editor, Path base, String format, Path out, GgmlType editedType,
                                Consumer<String> progress) {
        LanguageModel m = editor.model();
        LanguageModel runtime = m instanceof EditedModel em ? em.base() : m;
        if (!(runtime instanceof TransformerModel live)) {
            throw new EditorException("expected a transformer runtime to export but found " + runtime.getClass().getSimpleName());
        }
        List<String> weightEdits = new ArrayList<>();
        List<String> grace = new ArrayList<>();
        for (EditRecord r : editor.log()) {
            if (r.active()) {
                (r.method() == EditMethod.GRACE ? grace : weightEdits).add(r.id());
            }
        }
        if (!grace.isEmpty()) {
            progress.accept("warning: " + grace.size() + " active GRACE edit(s) live in a side codebook and are not in the"
                    + " exported weights: " + grace);
        }
        return switch (format) {
            case "gguf" -> gguf(live, base, out, editedType, weightEdits, grace, progress);
            case "safetensors" -> {
                progress.accept("writing a Hugging Face folder (float32) to " + out);
                live.save(out);
                yield new Result(out, List.of("all (float32)"), weightEdits, grace);
            }
            default -> throw new EditorException("expected --format gguf or safetensors but found '" + format + "'");
        };
    }

    private static Result gguf(TransformerModel live, Path base, Path out, GgmlType type, List<String> weightEdits,
                               List<String> grace, Consumer<String> progress) {
        Path file = base == null ? null : GgufModels.find(base);
        if (file == null) {
            throw new EditorException("GGUF export needs a GGUF base model, found " + base
                    + "; export a Hugging Face folder with --format safetensors");
        }
        GgufFile g = GgufFile.open(file);
        boolean permuted = live.config().modelType().equals("llama");
        GgufWriter w = new GgufWriter().copyMetadata(g);
        w.putString("concord.edits", String.join(",", weightEdits));
        w.putString("general.source.concord", "edited by Concord from " + file.getFileName());
        List<String> rewritten = new ArrayList<>();
        int i = 0;
        for (GgufFile.TensorInfo t : g.tensors().values()) {
            i++;
            String hf = GgufModels.hfName(live.config().modelType(), t.name());
            NDArray p = hf == null ? null : live.parameters().get(hf);
            if (p == null) {
                w.addRaw(t.name(), t.dims(), t.type(), g.raw(t));
                continue;
            }
            float[] now = p.toFloatArray();
            float[] was = GgufModels.hfLayout(g, t, live.config(), permuted);
            if (Arrays.equals(now, was)) {
                w.addRaw(t.name(), t.dims(), t.type(), g.raw(t));
            } else {
                float[] stored = GgufModels.ggufLayout(now, t, live.config(), permuted);
                w.addFloats(t.name(), t.dims(), stored, type);
                rewritten.add(t.name());
            }
            if (i % 50 == 0) {
                progress.accept("  " + i + "/" + g.tensors().size() + " tensors");
            }
        }
        progress.accept("writing " + out + " (" + rewritten.size() + " edited tensor(s) in " + type + ", the rest as they were)");
        w.write(out);
        return new Result(out, rewritten, weightEdits, grace);
    }
}
