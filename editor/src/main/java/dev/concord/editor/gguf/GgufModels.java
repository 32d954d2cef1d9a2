package dev.concord.editor.gguf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.ChatTemplate;
import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.model.Gemma3Model;
import dev.concord.editor.model.LlamaModel;
import dev.concord.editor.model.ModelConfig;
import dev.concord.editor.model.TransformerModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a GGUF model into the runtime: the architecture's metadata becomes the Hugging Face
 * config.json it stands for, tensors are widened to float32 and renamed to HF names in Linear
 * layout, and the tokenizer comes from the metadata ({@link GgufTokenizers}). The editing
 * methods then see exactly the weights an HF checkpoint of the same model would give them.
 *
 * <p>Llama: llama.cpp's converter permutes the rows of q and k for its rotary layout (pairs of
 * adjacent dims); HF's rotate-half layout is restored here: within each head, GGUF row
 * {@code 2i + c} is HF row {@code c·hd/2 + i}. Qwen2 files are not permuted (llama.cpp runs them
 * with the NeoX rotary layout, which is HF's).
 */
public final class GgufModels {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The GGUF architectures the runtime loads. */
    public static final java.util.Set<String> ARCHITECTURES = java.util.Set.of("llama", "qwen2", "gemma3");

    private GgufModels() {
    }

    /** The GGUF file for {@code path}: the file itself, or the one .gguf file in a folder (else null). */
    public static Path find(Path path) {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().toLowerCase().endsWith(".gguf") ? path : null;
        }
        if (!Files.isDirectory(path) || Files.isRegularFile(path.resolve("config.json"))) {
            return null;
        }
        try (Stream<Path> files = Files.list(path)) {
            List<Path> ggufs = files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".gguf"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (ggufs.size() > 1) {
                throw new EditorException("expected one .gguf file in " + path + " but found " + ggufs.size()
                        + ": " + ggufs.stream().map(p -> p.getFileName().toString()).toList()
                        + "; name the file itself");
            }
            return ggufs.isEmpty() ? null : ggufs.get(0);
        } catch (IOException e) {
            throw new EditorException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    /** The HF config.json a GGUF file's metadata stands for. */
    public static ObjectNode config(GgufFile g) {
        String arch = g.string("general.architecture");
        ObjectNode c = JSON.createObjectNode();
        switch (arch) {
            case "llama", "qwen2" -> {
                c.put("model_type", arch);
                c.putArray("architectures").add(arch.equals("llama") ? "LlamaForCausalLM" : "Qwen2ForCausalLM");
                int heads = (int) g.integer(arch + ".attention.head_count");
                int hidden = (int) g.integer(arch + ".embedding_length");
                c.put("hidden_size", hidden);
                c.put("num_hidden_layers", (int) g.integer(arch + ".block_count"));
                c.put("num_attention_heads", heads);
                c.put("num_key_value_heads", (int) g.integer(arch + ".attention.head_count_kv", heads));
                c.put("head_dim", (int) g.integer(arch + ".attention.key_length", hidden / heads));
                c.put("intermediate_size", (int) g.integer(arch + ".feed_forward_length"));
                c.put("max_position_embeddings", (int) Math.min(g.integer(arch + ".context_length", 2048), 1 << 20));
                c.put("rms_norm_eps", g.real(arch + ".attention.layer_norm_rms_epsilon", 1e-6));
                c.put("rope_theta", g.real(arch + ".rope.freq_base", 10000.0));
                c.put("vocab_size", vocabSize(g, arch));
                c.put("tie_word_embeddings", !g.tensors().containsKey("output.weight"));
                c.put("attention_bias", g.tensors().containsKey("blk.0.attn_q.bias"));
                c.put("hidden_act", "silu");
                if (g.has(arch + ".rope.scaling.type") && !g.string(arch + ".rope.scaling.type").equals("none")) {
                    throw new EditorException(g.file() + ": rope scaling " + g.string(arch + ".rope.scaling.type")
                            + " is not supported; expected none");
                }
            }
            case "gemma3" -> {
                c.put("model_type", "gemma3_text");
                c.putArray("architectures").add("Gemma3ForCausalLM");
                int heads = (int) g.integer(arch + ".attention.head_count");
                int headDim = (int) g.integer(arch + ".attention.key_length", 256);
                c.put("hidden_size", (int) g.integer(arch + ".embedding_length"));
                c.put("num_hidden_layers", (int) g.integer(arch + ".block_count"));
                c.put("num_attention_heads", heads);
                c.put("num_key_value_heads", (int) g.integer(arch + ".attention.head_count_kv", heads));
                c.put("head_dim", headDim);
                c.put("intermediate_size", (int) g.integer(arch + ".feed_forward_length"));
                c.put("max_position_embeddings", (int) Math.min(g.integer(arch + ".context_length", 32768), 1 << 20));
                c.put("rms_norm_eps", g.real(arch + ".attention.layer_norm_rms_epsilon", 1e-6));
                c.put("rope_theta", g.real(arch + ".rope.freq_base", 1_000_000.0));
                c.put("rope_local_base_freq", 10000.0);
                c.put("sliding_window", (int) g.integer(arch + ".attention.sliding_window", 512));
                c.put("sliding_window_pattern", 6);
                // llama.cpp scales queries by 1/sqrt(head_dim) for every Gemma 3 size but 27B (hidden/heads there)
                c.put("query_pre_attn_scalar", headDim);
                c.put("vocab_size", vocabSize(g, arch));
                c.put("tie_word_embeddings", true);
                c.put("hidden_activation", "gelu_pytorch_tanh");
            }
            default -> throw new EditorException(g.file() + ": unsupported architecture: expected general.architecture"
                    + " one of " + ARCHITECTURES + " but found '" + arch + "'");
        }
        if (g.has("tokenizer.ggml.bos_token_id")) {
            c.put("bos_token_id", g.integer("tokenizer.ggml.bos_token_id"));
        }
        if (g.has("tokenizer.ggml.eos_token_id")) {
            c.put("eos_token_id", g.integer("tokenizer.ggml.eos_token_id"));
        }
        c.put("torch_dtype", "float32");
        c.put("_name_or_path", displayName(g));
        c.put("gguf_file", g.file().getFileName().toString());
        return c;
    }

    private static int vocabSize(GgufFile g, String arch) {
        if (g.has(arch + ".vocab_size")) {
            return (int) g.integer(arch + ".vocab_size");
        }
        long[] dims = g.tensor("token_embd.weight").dims();
        return (int) dims[dims.length - 1];
    }

    /** The model's display name: the file name without .gguf (general.name is often a training-run label). */
    public static String displayName(GgufFile g) {
        String f = g.file().getFileName().toString();
        return f.toLowerCase().endsWith(".gguf") ? f.substring(0, f.length() - 5) : f;
    }

    /** HF name of a GGUF tensor (llama/qwen2), or null for tensors the runtime recomputes (rope_freqs). */
    static String hfName(String gguf) {
        switch (gguf) {
            case "token_embd.weight": return "model.embed_tokens.weight";
            case "output_norm.weight": return "model.norm.weight";
            case "output.weight": return "lm_head.weight";
            case "rope_freqs.weight": return null;
            default: break;
        }
        if (!gguf.startsWith("blk.")) {
            throw new EditorException("unexpected tensor " + gguf + " in a llama-family GGUF file");
        }
        int dot = gguf.indexOf('.', 4);
        String layer = gguf.substring(4, dot);
        String rest = gguf.substring(dot + 1);
        String p = "model.layers." + layer + ".";
        int suffix = rest.lastIndexOf('.');
        String base = rest.substring(0, suffix);
        String kind = rest.substring(suffix); // ".weight" or ".bias"
        String hf = switch (base) {
            case "attn_norm" -> "input_layernorm";
            case "ffn_norm" -> "post_attention_layernorm";
            case "attn_q" -> "self_attn.q_proj";
            case "attn_k" -> "self_attn.k_proj";
            case "attn_v" -> "self_attn.v_proj";
            case "attn_output" -> "self_attn.o_proj";
            case "ffn_gate" -> "mlp.gate_proj";
            case "ffn_up" -> "mlp.up_proj";
            case "ffn_down" -> "mlp.down_proj";
            default -> throw new EditorException("unexpected tensor " + gguf + " in a llama-family GGUF file");
        };
        return p + hf + kind;
    }

    /** Loads a llama-family GGUF on {@code manager}'s device; the model owns the manager and tokenizer. */
    public static TransformerModel load(GgufFile g, NDManager manager, TextTokenizer tokenizer) {
        ModelConfig config = ModelConfig.parse(config(g));
        boolean permuted = config.modelType().equals("llama");
        Map<String, NDArray> weights = new LinkedHashMap<>();
        try {
            for (GgufFile.TensorInfo t : g.tensors().values()) {
                String name = hfName(config.modelType(), t.name());
                if (name == null) {
                    continue;
                }
                weights.put(name, manager.create(hfBuffer(g, t, config, permuted), new Shape(t.shape()),
                        ai.djl.ndarray.types.DataType.FLOAT32));
            }
            TransformerModel model = config.modelType().equals("gemma3_text")
                    ? new Gemma3Model(config, displayName(g), tokenizer, null, manager, weights)
                    : new LlamaModel(config, displayName(g), tokenizer, null, manager, weights);
            model.chatTemplate(ChatTemplate.recognise(g.string("tokenizer.chat_template", null)));
            return model;
        } catch (RuntimeException e) {
            weights.values().forEach(NDArray::close);
            throw e;
        }
    }

    /** HF name of a GGUF tensor for the runtime's model type, or null for tensors the runtime recomputes. */
    public static String hfName(String modelType, String gguf) {
        if (modelType.equals("gemma3_text") && gguf.startsWith("blk.")) {
            String rest = gguf.substring(gguf.indexOf('.', 4) + 1);
            String p = "model.layers." + gguf.substring(4, gguf.indexOf('.', 4)) + ".";
            switch (rest) {
                case "attn_q_norm.weight": return p + "self_attn.q_norm.weight";
                case "attn_k_norm.weight": return p + "self_attn.k_norm.weight";
                case "post_attention_norm.weight": return p + "post_attention_layernorm.weight";
                case "ffn_norm.weight": return p + "pre_feedforward_layernorm.weight";
                case "post_ffw_norm.weight": return p + "post_feedforward_layernorm.weight";
                default: break;
            }
        }
        return hfName(gguf);
    }

    /**
     * llama.cpp's converter stores Gemma's norm weights with the 1 of RMSNorm's (1 + w) added
     * (convert_hf_to_gguf.py, Gemma3Model: norm_shift); HF checkpoints keep w.
     */
    private static boolean shiftedNorm(String modelType, String hfName) {
        return modelType.equals("gemma3_text") && hfName != null && hfName.endsWith("norm.weight");
    }

    /**
     * As {@link #hfLayout}, written into a direct buffer (native order) that becomes the tensor's
     * storage: rows are widened a slice at a time, so no tensor-sized float[] is made on the Java heap
     * (loading SmolLM2 that way kept a few hundred MiB of garbage on the heap).
     */
    static java.nio.ByteBuffer hfBuffer(GgufFile g, GgufFile.TensorInfo t, ModelConfig config, boolean permuted) {
        g.requireDequantizable(t);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect((int) t.elements() * 4).order(java.nio.ByteOrder.nativeOrder());
        java.nio.FloatBuffer f = out.asFloatBuffer();
        long[] shape = t.shape();
        if (shape.length == 1) { // norms (Gemma's shifted ones too) and biases are small: whole vector at once
            f.put(hfLayout(g, t, config, permuted));
            return out;
        }
        int rows = (int) shape[0];
        int cols = (int) (t.elements() / rows);
        String name = hfName(config.modelType(), t.name());
        int heads = permutedHeads(config, name, permuted);
        java.nio.ByteBuffer raw = g.raw(t);
        long rowBytes = t.type().bytesFor(cols);
        int perChunk = Math.max(1, (1 << 20) / cols);
        int hd = heads > 0 ? rows / heads : 0;
        for (int r0 = 0; r0 < rows; r0 += perChunk) {
            int n = Math.min(perChunk, rows - r0);
            float[] chunk = new float[n * cols];
            java.nio.ByteBuffer slice = raw.slice((int) (r0 * rowBytes), (int) (n * rowBytes)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            Dequantizer.dequantize(t.type(), slice, chunk);
            for (int i = 0; i < n; i++) {
                int src = r0 + i;
                int dst = src;
                if (heads > 0) { // GGUF row h·hd + 2j + c is HF row h·hd + c·hd/2 + j
                    int h = src / hd;
                    int within = src % hd;
                    dst = h * hd + (within % 2) * (hd / 2) + within / 2;
                }
                f.put(dst * cols, chunk, i * cols, cols);
            }
        }
        return out;
    }

    /** A tensor's values as the HF checkpoint holds them (q/k rows unpermuted for llama). */
    public static float[] hfLayout(GgufFile g, GgufFile.TensorInfo t, ModelConfig config, boolean permuted) {
        float[] data = g.floats(t);
        String name = hfName(config.modelType(), t.name());
        if (shiftedNorm(config.modelType(), name)) {
            for (int i = 0; i < data.length; i++) {
                data[i] -= 1f;
            }
            return data;
        }
        int heads = permutedHeads(config, name, permuted);
        return heads > 0 ? unpermute(data, t.shape(), heads) : data;
    }

    /** The inverse of {@link #hfLayout}: HF values back to the order GGUF stores them. */
    public static float[] ggufLayout(float[] hf, GgufFile.TensorInfo t, ModelConfig config, boolean permuted) {
        String name = hfName(config.modelType(), t.name());
        if (shiftedNorm(config.modelType(), name)) {
            float[] out = hf.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += 1f;
            }
            return out;
        }
        int heads = permutedHeads(config, name, permuted);
        return heads > 0 ? permute(hf, t.shape(), heads) : hf;
    }

    /** The heads whose q or k rows llama.cpp permuted for this tensor (llama files), or 0 for none. */
    private static int permutedHeads(ModelConfig config, String hfName, boolean permuted) {
        if (!permuted || hfName == null) {
            return 0;
        }
        if (hfName.endsWith("q_proj.weight") || hfName.endsWith("q_proj.bias")) {
            return config.heads();
        }
        return hfName.endsWith("k_proj.weight") || hfName.endsWith("k_proj.bias") ? config.kvHeads() : 0;
    }

    /**
     * Undoes llama.cpp's q/k permutation: rows (out) of each head go from the interleaved pair layout
     * back to HF's halves. {@code shape} is (out, in) for a weight or (out) for a bias.
     */
    static float[] unpermute(float[] data, long[] shape, int heads) {
        int rows = (int) shape[0];
        if (rows % heads != 0 || (rows / heads) % 2 != 0) {
            throw new EditorException("expected q/k rows divisible by 2·heads (" + heads + ") but found " + rows);
        }
        return moveRows(data, shape, heads, true);
    }

    /** The inverse of {@link #unpermute}: HF rows to llama.cpp's layout (for writing GGUF files). */
    static float[] permute(float[] data, long[] shape, int heads) {
        return moveRows(data, shape, heads, false);
    }

    /** Within each head, row 2i+c of the interleaved layout is row c·half+i of HF's halves. */
    private static float[] moveRows(float[] data, long[] shape, int heads, boolean toHf) {
        int rows = (int) shape[0];
        int cols = shape.length > 1 ? (int) shape[1] : 1;
        int hd = rows / heads;
        int half = hd / 2;
        float[] out = new float[data.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int c = 0; c < 2; c++) {
                    int interleaved = h * hd + 2 * i + c; // GGUF row
                    int halves = h * hd + c * half + i;   // HF row
                    int src = toHf ? interleaved : halves;
                    int dst = toHf ? halves : interleaved;
                    System.arraycopy(data, src * cols, out, dst * cols, cols);
                }
            }
        }
        return out;
    }
}
