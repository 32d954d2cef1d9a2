package dev.concord.editor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;
import dev.concord.editor.ModelInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The parts of a Hugging Face {@code config.json} the runtime needs, normalised across GPT-2
 * ({@code n_embd}, {@code n_layer}, ...) and the Llama family ({@code hidden_size},
 * {@code num_hidden_layers}, ...). {@code raw} keeps the whole file so a save writes it back unchanged.
 *
 * @param modelType       {@code gpt2}, {@code llama}, {@code qwen2} or {@code mistral}
 * @param intermediate    MLP inner width (GPT-2: {@code n_inner}, default 4·hidden)
 * @param kvHeads         key/value heads (grouped-query attention); equals heads without GQA
 * @param headDim         per-head width ({@code head_dim}, default hidden/heads)
 * @param normEps         layer_norm_epsilon (GPT-2) or rms_norm_eps (Llama)
 * @param ropeTheta       rotary base (Llama family; 10000 by default; GPT-J always 10000)
 * @param rotaryDim       GPT-J: dims per head that get rotary embeddings; Llama family: headDim; GPT-2: 0
 * @param tieEmbeddings   whether the output projection is the token embedding
 * @param attentionBias   q/k/v(/o) biases (Qwen2 always has q/k/v biases; Llama when attention_bias)
 * @param eosTokenId      end-of-text id from the config, or -1
 * @param torchDtype      the checkpoint's declared dtype ("float32", "bfloat16", ...)
 */
public record ModelConfig(String modelType, int vocabSize, int hidden, int layers, int heads, int kvHeads,
                          int headDim, int intermediate, int maxPositions, double normEps, double ropeTheta,
                          int rotaryDim, boolean tieEmbeddings, boolean attentionBias, long eosTokenId, String torchDtype,
                          String activation, ObjectNode raw) {

    public static final Set<String> LLAMA_FAMILY = Set.of("llama", "qwen2", "mistral");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        if (modelType.equals("gpt2") && hidden % heads != 0) {
            throw new EditorException("expected hidden size divisible by heads but found hidden=" + hidden
                    + " heads=" + heads);
        }
        if (heads % kvHeads != 0) {
            throw new EditorException("expected num_attention_heads divisible by num_key_value_heads but found "
                    + heads + " and " + kvHeads);
        }
    }

    /** Reads {@code dir/config.json}. */
    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new EditorException("expected a config.json in " + dir + " but found none");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EditorException("config.json in " + dir + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new EditorException("expected a JSON object in " + file + " but found " + root.getNodeType());
        }
        return parse(obj);
    }

    public static ModelConfig parse(ObjectNode c) {
        String type = c.path("model_type").asText("");
        if (type.equals("gpt2")) {
            int hidden = required(c, "n_embd");
            int heads = required(c, "n_head");
            int inner = c.hasNonNull("n_inner") ? c.get("n_inner").asInt() : 4 * hidden;
            return new ModelConfig(type, required(c, "vocab_size"), hidden, required(c, "n_layer"), heads, heads,
                    hidden / heads, inner, c.path("n_positions").asInt(1024),
                    c.path("layer_norm_epsilon").asDouble(1e-5), 0, 0, c.path("tie_word_embeddings").asBoolean(true),
                    true, eos(c), c.path("torch_dtype").asText("float32"),
                    c.path("activation_function").asText("gelu_new"), c);
        }
        if (type.equals("gptj")) {
            int hidden = required(c, "n_embd");
            int heads = required(c, "n_head");
            if (hidden % heads != 0) {
                throw new EditorException("expected n_embd divisible by n_head but found " + hidden + " and " + heads);
            }
            int inner = c.hasNonNull("n_inner") ? c.get("n_inner").asInt() : 4 * hidden;
            int rotary = c.hasNonNull("rotary_dim") ? c.get("rotary_dim").asInt() : hidden / heads;
            if (rotary % 2 != 0 || rotary > hidden / heads) {
                throw new EditorException("expected an even rotary_dim of at most " + hidden / heads + " but found " + rotary);
            }
            return new ModelConfig(type, required(c, "vocab_size"), hidden, required(c, "n_layer"), heads, heads,
                    hidden / heads, inner, c.path("n_positions").asInt(2048),
                    c.path("layer_norm_epsilon").asDouble(1e-5), 10000.0, rotary,
                    c.path("tie_word_embeddings").asBoolean(false), false, eos(c), c.path("torch_dtype").asText("float32"),
                    c.path("activation_function").asText("gelu_new"), c);
        }
        if (LLAMA_FAMILY.contains(type)) {
            int hidden = required(c, "hidden_size");
            int heads = required(c, "num_attention_heads");
            int kv = c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
            int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
            boolean bias = type.equals("qwen2") || c.path("attention_bias").asBoolean(false);
            boolean tieDefault = false;
            String act = c.path("hidden_act").asText("silu");
            if (!act.equals("silu")) {
                throw new EditorException("expected hidden_act silu for " + type + " but found " + act);
            }
            if (c.hasNonNull("rope_scaling") && !c.get("rope_scaling").isNull()) {
                throw new EditorException("rope_scaling is not supported (found " + c.get("rope_scaling")
                        + "); expected none");
            }
            return new ModelConfig(type, required(c, "vocab_size"), hidden, required(c, "num_hidden_layers"), heads,
                    kv, headDim, required(c, "intermediate_size"), c.path("max_position_embeddings").asInt(2048),
                    c.path("rms_norm_eps").asDouble(1e-6), c.path("rope_theta").asDouble(10000.0), headDim,
                    c.path("tie_word_embeddings").asBoolean(tieDefault), bias, eos(c),
                    c.path("torch_dtype").asText("float32"), act, c);
        }
        if (type.equals("gemma3_text")) {
            int hidden = required(c, "hidden_size");
            int heads = required(c, "num_attention_heads");
            int kv = c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads;
            int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : 256;
            String act = c.path("hidden_activation").asText("gelu_pytorch_tanh");
            if (!act.equals("gelu_pytorch_tanh")) {
                throw new EditorException("expected hidden_activation gelu_pytorch_tanh for gemma3_text but found " + act);
            }
            if (c.hasNonNull("final_logit_softcapping") || c.hasNonNull("attn_logit_softcapping")) {
                throw new EditorException("logit soft-capping is not supported for gemma3_text; expected none");
            }
            return new ModelConfig(type, required(c, "vocab_size"), hidden, required(c, "num_hidden_layers"), heads,
                    kv, headDim, required(c, "intermediate_size"), c.path("max_position_embeddings").asInt(32768),
                    c.path("rms_norm_eps").asDouble(1e-6), c.path("rope_theta").asDouble(1_000_000.0), headDim,
                    true, false, eos(c), c.path("torch_dtype").asText("float32"), act, c);
        }
        throw new EditorException("unsupported architecture: expected model_type gpt2, gptj, llama, qwen2, mistral or gemma3_text but found '"
                + type + "'");
    }

    /** The public summary; {@code dtype} is the compute dtype (float32; see the editor README). */
    public ModelInfo info(String name) {
        String arch = LLAMA_FAMILY.contains(modelType) ? "llama" : modelType.equals("gemma3_text") ? "gemma3" : modelType;
        return new ModelInfo(name, arch, vocabSize, layers, hidden, intermediate, heads, kvHeads, maxPositions,
                "float32");
    }

    private static long eos(JsonNode c) {
        JsonNode e = c.get("eos_token_id");
        if (e == null || e.isNull()) {
            return -1;
        }
        return e.isArray() ? e.path(0).asLong(-1) : e.asLong(-1);
    }

    private static int required(JsonNode c, String key) {
        JsonNode n = c.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new EditorException("config.json: expected a positive integer " + key + " but found " + n);
        }
        return n.asInt();
    }
}
