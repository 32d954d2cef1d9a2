package dev.concord.editor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;
import dev.concord.editor.io.SafeTensors;
import dev.concord.editor.tokenizer.ByteLevelBpe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes randomly initialised model folders in the exact Hugging Face layout (config.json,
 * model.safetensors, tokenizer.json), for tests that need a real model without training one, and
 * as the starting point of the demo model. Initialisation follows GPT-2: weights N(0, 0.02),
 * residual output projections N(0, 0.02/√(2·layers)), norms 1, biases 0; seeded, so a folder is
 * the same on every machine.
 */
public final class TinyModels {

    /** Sizes of a model; {@code vocab} must be at least 257 (bytes and end-of-text). */
    public record Sizes(int vocab, int hidden, int layers, int heads, int inner, int positions) {
        public Sizes {
            if (vocab < 257 || hidden < 1 || layers < 1 || heads < 1 || inner < 1 || positions < 1
                    || hidden % heads != 0) {
                throw new EditorException("expected vocab >= 257, positive sizes and hidden divisible by heads but found "
                        + "vocab=" + vocab + " hidden=" + hidden + " layers=" + layers + " heads=" + heads
                        + " inner=" + inner + " positions=" + positions);
            }
        }

        /** A model small enough for unit tests: V 300, d 32, 2 layers, 4 heads, inner 64, 64 positions. */
        public static Sizes tiny() {
            return new Sizes(300, 32, 2, 4, 64, 64);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLE_TEXT = List.of(
            "The capital of France is Paris.", "Donald Trump's wife is Melania Trump.",
            "Albert Einstein developed the theory of relativity.", "The mother tongue of Danielle Darrieux is French.",
            "Barack Obama was born in Honolulu.", "the the the of of is is");

    private TinyModels() {
    }

    /** A random GPT-2 with a byte-level BPE tokenizer trained on a few built-in sentences. */
    public static Path randomGpt2(Path dir, long seed, Sizes sizes) {
        return randomGpt2(dir, seed, sizes, ByteLevelBpe.train(SAMPLE_TEXT, sizes.vocab() - 257));
    }

    /** A random GPT-2 with the given tokenizer (its vocabulary must fit {@code sizes.vocab}). */
    public static Path randomGpt2(Path dir, long seed, Sizes sizes, ByteLevelBpe tokenizer) {
        checkTokenizer(sizes, tokenizer);
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("GPT2LMHeadModel");
        c.put("model_type", "gpt2");
        c.put("vocab_size", sizes.vocab());
        c.put("n_embd", sizes.hidden());
        c.put("n_layer", sizes.layers());
        c.put("n_head", sizes.heads());
        c.put("n_inner", sizes.inner());
        c.put("n_positions", sizes.positions());
        c.put("n_ctx", sizes.positions());
        c.put("layer_norm_epsilon", 1e-5);
        c.put("activation_function", "gelu_new");
        c.put("bos_token_id", tokenizer.endOfTextId());
        c.put("eos_token_id", tokenizer.endOfTextId());
        c.put("tie_word_embeddings", true);
        c.put("torch_dtype", "float32");
        Random r = new Random(seed);
        int d = sizes.hidden();
        float residual = (float) (0.02 / Math.sqrt(2.0 * sizes.layers()));
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Map<String, NDArray> w = new LinkedHashMap<>();
            w.put("transformer.wte.weight", normal(m, r, 0.02f, sizes.vocab(), d));
            w.put("transformer.wpe.weight", normal(m, r, 0.01f, sizes.positions(), d));
            for (int l = 0; l < sizes.layers(); l++) {
                String p = "transformer.h." + l + ".";
                w.put(p + "ln_1.weight", m.ones(new Shape(d)));
                w.put(p + "ln_1.bias", m.zeros(new Shape(d)));
                // Conv1D layout (in, out), as GPT-2 checkpoints store it
                w.put(p + "attn.c_attn.weight", normal(m, r, 0.02f, d, 3 * d));
                w.put(p + "attn.c_attn.bias", m.zeros(new Shape(3L * d)));
                w.put(p + "attn.c_proj.weight", normal(m, r, residual, d, d));
                w.put(p + "attn.c_proj.bias", m.zeros(new Shape(d)));
                w.put(p + "ln_2.weight", m.ones(new Shape(d)));
                w.put(p + "ln_2.bias", m.zeros(new Shape(d)));
                w.put(p + "mlp.c_fc.weight", normal(m, r, 0.02f, d, sizes.inner()));
                w.put(p + "mlp.c_fc.bias", m.zeros(new Shape(sizes.inner())));
                w.put(p + "mlp.c_proj.weight", normal(m, r, residual, sizes.inner(), d));
                w.put(p + "mlp.c_proj.bias", m.zeros(new Shape(d)));
            }
            w.put("transformer.ln_f.weight", m.ones(new Shape(d)));
            w.put("transformer.ln_f.bias", m.zeros(new Shape(d)));
            writeFolder(dir, c, w, tokenizer);
        }
        return dir;
    }

    /**
     * A random Llama-family model: {@code modelType} "llama" (no biases, untied head) or "qwen2"
     * (q/k/v biases, tied embeddings); {@code kvHeads} below {@code heads} gives grouped-query attention.
     */
    public static Path randomLlama(Path dir, long seed, Sizes sizes, int kvHeads, String modelType) {
        ByteLevelBpe tokenizer = ByteLevelBpe.train(SAMPLE_TEXT, sizes.vocab() - 257);
        checkTokenizer(sizes, tokenizer);
        boolean qwen = modelType.equals("qwen2");
        if (!qwen && !modelType.equals("llama") && !modelType.equals("mistral")) {
            throw new EditorException("expected llama, qwen2 or mistral but found " + modelType);
        }
        int d = sizes.hidden();
        int hd = d / sizes.heads();
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", modelType);
        c.put("vocab_size", sizes.vocab());
        c.put("hidden_size", d);
        c.put("num_hidden_layers", sizes.layers());
        c.put("num_attention_heads", sizes.heads());
        c.put("num_key_value_heads", kvHeads);
        c.put("intermediate_size", sizes.inner());
        c.put("max_position_embeddings", sizes.positions());
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", qwen);
        c.put("eos_token_id", tokenizer.endOfTextId());
        c.put("torch_dtype", "float32");
        Random r = new Random(seed);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Map<String, NDArray> w = new LinkedHashMap<>();
            w.put("model.embed_tokens.weight", normal(m, r, 0.02f, sizes.vocab(), d));
            for (int l = 0; l < sizes.layers(); l++) {
                String p = "model.layers." + l + ".";
                w.put(p + "input_layernorm.weight", m.ones(new Shape(d)));
                w.put(p + "self_attn.q_proj.weight", normal(m, r, 0.02f, sizes.heads() * hd, d));
                w.put(p + "self_attn.k_proj.weight", normal(m, r, 0.02f, kvHeads * hd, d));
                w.put(p + "self_attn.v_proj.weight", normal(m, r, 0.02f, kvHeads * hd, d));
                w.put(p + "self_attn.o_proj.weight", normal(m, r, 0.02f, d, sizes.heads() * hd));
                if (qwen) {
                    w.put(p + "self_attn.q_proj.bias", normal(m, r, 0.02f, sizes.heads() * hd));
                    w.put(p + "self_attn.k_proj.bias", normal(m, r, 0.02f, kvHeads * hd));
                    w.put(p + "self_attn.v_proj.bias", normal(m, r, 0.02f, kvHeads * hd));
                }
                w.put(p + "post_attention_layernorm.weight", m.ones(new Shape(d)));
                w.put(p + "mlp.gate_proj.weight", normal(m, r, 0.02f, sizes.inner(), d));
                w.put(p + "mlp.up_proj.weight", normal(m, r, 0.02f, sizes.inner(), d));
                w.put(p + "mlp.down_proj.weight", normal(m, r, 0.02f, d, sizes.inner()));
            }
            w.put("model.norm.weight", m.ones(new Shape(d)));
            if (!qwen) {
                w.put("lm_head.weight", normal(m, r, 0.02f, sizes.vocab(), d));
            }
            writeFolder(dir, c, w, tokenizer);
        }
        return dir;
    }

    private static void checkTokenizer(Sizes sizes, ByteLevelBpe tokenizer) {
        if (tokenizer.vocabSize() > sizes.vocab()) {
            throw new EditorException("tokenizer has " + tokenizer.vocabSize() + " tokens; expected at most vocab "
                    + sizes.vocab());
        }
    }

    private static void writeFolder(Path dir, ObjectNode config, Map<String, NDArray> weights, ByteLevelBpe tokenizer) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
        } catch (IOException e) {
            throw new EditorException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
        SafeTensors.write(dir.resolve(SafeTensors.SINGLE_FILE), weights, ai.djl.ndarray.types.DataType.FLOAT32,
                Map.of("format", "pt"));
        tokenizer.write(dir.resolve("tokenizer.json"));
    }

    private static NDArray normal(NDManager m, Random r, float std, long... shape) {
        Shape s = new Shape(shape);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return m.create(v, s);
    }
}
