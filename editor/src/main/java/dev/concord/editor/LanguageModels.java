package dev.concord.editor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.concord.editor.gguf.GgufFile;
import dev.concord.editor.gguf.GgufModels;
import dev.concord.editor.gguf.GgufTokenizers;
import dev.concord.editor.io.SafeTensors;
import dev.concord.editor.model.Gemma3Model;
import dev.concord.editor.model.Gpt2Model;
import dev.concord.editor.model.GptjModel;
import dev.concord.editor.model.LlamaModel;
import dev.concord.editor.model.ModelConfig;
import dev.concord.editor.model.TransformerModel;
import dev.concord.editor.tokenizer.HfTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Loads a Hugging Face model folder (config.json, model.safetensors or a sharded set with
 * model.safetensors.index.json, tokenizer.json) onto a device. Supported {@code model_type}s:
 * gpt2, gptj, llama, qwen2, mistral. Weights are computed in float32 (bfloat16 and float16 checkpoints
 * are widened on load).
 */
public final class LanguageModels {

    private LanguageModels() {
    }

    /**
     * Loads the model in {@code dir} on {@code device}: "cpu", "gpu" (CUDA device 0; an error when
     * none is present) or "auto" (CUDA when the engine sees one, else CPU).
     */
    public static TransformerModel load(Path dir, String device) {
        Path gguf = GgufModels.find(dir);
        if (gguf != null) {
            return loadGguf(gguf, device);
        }
        if (!Files.isDirectory(dir)) {
            throw new EditorException("expected a model folder or a .gguf file at " + dir + " but found neither");
        }
        ModelConfig config = ModelConfig.read(dir);
        HfTokenizer tokenizer = HfTokenizer.load(dir, config.eosTokenId());
        NDManager manager = NDManager.newBaseManager(device(device));
        try {
            if (tokenizer.vocabSize() > config.vocabSize()) {
                throw new EditorException("tokenizer.json has " + tokenizer.vocabSize()
                        + " tokens but config.json vocab_size is " + config.vocabSize() + "; expected at most vocab_size");
            }
            Map<String, NDArray> weights = SafeTensors.readModel(dir, manager);
            String name = config.raw().path("_name_or_path").asText("");
            if (name.isBlank()) {
                name = dir.toAbsolutePath().normalize().getFileName().toString();
            }
            return switch (config.modelType()) {
                case "gpt2" -> new Gpt2Model(config, name, tokenizer, dir.resolve("tokenizer.json"), manager, weights);
                case "gptj" -> new GptjModel(config, name, tokenizer, dir.resolve("tokenizer.json"), manager, weights);
                case "gemma3_text" -> new Gemma3Model(config, name, tokenizer, dir.resolve("tokenizer.json"), manager, weights);
                default -> new LlamaModel(config, name, tokenizer, dir.resolve("tokenizer.json"), manager, weights);
            };
        } catch (RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    /** The tokenizer of a model (a .gguf file, a folder with one, or an HF folder) without its weights. */
    public static TextTokenizer tokenizer(Path path) {
        Path gguf = GgufModels.find(path);
        if (gguf != null) {
            return GgufTokenizers.tokenizer(GgufFile.open(gguf));
        }
        if (!Files.isDirectory(path)) {
            throw new EditorException("expected a model folder or a .gguf file at " + path + " but found neither");
        }
        return HfTokenizer.load(path, ModelConfig.read(path).eosTokenId());
    }

    /** Loads a GGUF file (llama-family architectures; see {@link GgufModels}). */
    private static TransformerModel loadGguf(Path file, String device) {
        GgufFile g = GgufFile.open(file);
        String arch = g.string("general.architecture");
        if (!GgufModels.ARCHITECTURES.contains(arch)) {
            throw new EditorException(file + ": unsupported architecture: expected general.architecture one of "
                    + GgufModels.ARCHITECTURES + " but found '" + arch + "'");
        }
        TextTokenizer tokenizer = GgufTokenizers.tokenizer(g);
        NDManager manager = NDManager.newBaseManager(device(device));
        try {
            return GgufModels.load(g, manager, tokenizer);
        } catch (RuntimeException e) {
            manager.close();
            if (tokenizer instanceof HfTokenizer hf) {
                hf.close();
            }
            throw e;
        }
    }

    /** "cpu", "gpu" / "cuda" or "auto" as a DJL device. */
    public static Device device(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda", "gpu(0)", "cuda:0" -> {
                if (Engine.getInstance().getGpuCount() < 1) {
                    throw new EditorException("expected a CUDA device for 'gpu' but the engine found none"
                            + " (this build uses CPU libtorch; see the editor README, profile cuda)");
                }
                yield Device.gpu();
            }
            case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default -> throw new EditorException("expected device cpu, gpu or auto but found '" + name + "'");
        };
    }
}
