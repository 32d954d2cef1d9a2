package dev.concord.editor.gguf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.tokenizer.HfTokenizer;
import dev.concord.editor.tokenizer.SentencePieceTokenizer;

import java.util.List;
import java.util.Locale;

/**
 * The tokenizer a GGUF file describes in its metadata ({@code tokenizer.ggml.*}), written as a
 * Hugging Face {@code tokenizer.json} so that the Hugging Face tokenizers library (through DJL)
 * runs it, exactly as it runs a checkpoint's own tokenizer.json.
 *
 * <p>{@code gpt2} (byte-level BPE): {@code tokens} become the BPE vocabulary (id = position),
 * {@code merges} the merge list in rank order, {@code token_type} 3 (control) and 4 (user defined)
 * become added tokens (special and not special), so {@code <|im_start|>} in a chat prompt is one
 * token. The pre-tokenizer follows {@code tokenizer.ggml.pre} as llama.cpp's vocabulary code
 * does: {@code smollm}/{@code starcoder}/{@code refact} split digits one by one before GPT-2's
 * pattern; {@code llama-bpe}/{@code llama3} and {@code qwen2} use their own split patterns (Llama 3
 * with {@code ignore_merges}); anything else gets GPT-2's pattern.
 *
 * <p>{@code llama} (SentencePiece BPE with scores: Gemma, TinyLlama, Mistral) runs in {@link SentencePieceTokenizer}.
 */
public final class GgufTokenizers {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Llama 3's split pattern (llama.cpp LLAMA_VOCAB_PRE_TYPE_LLAMA3, HF tokenizer.json of Llama 3). */
    static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Qwen 2's split pattern: like Llama 3 but digits one at a time. */
    static final String QWEN2_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private GgufTokenizers() {
    }

    /** The tokenizer model named in the file: "gpt2" or "llama". */
    public static String kind(GgufFile gguf) {
        return gguf.string("tokenizer.ggml.model");
    }

    /**
     * The file's tokenizer: {@code gpt2} through the Hugging Face tokenizers library,
     * {@code llama} (SentencePiece with scores) through {@link SentencePieceTokenizer}.
     */
    public static TextTokenizer tokenizer(GgufFile gguf) {
        String model = kind(gguf);
        long eos = gguf.integer("tokenizer.ggml.eos_token_id", -1);
        List<?> tokens = gguf.array("tokenizer.ggml.tokens");
        switch (model) {
            case "gpt2" -> {
                ObjectNode json = byteLevelBpeJson(gguf);
                return HfTokenizer.fromJson(json.toString(), tokens.size(), eos, gguf.file().toString());
            }
            case "llama" -> {
                List<?> scores = gguf.array("tokenizer.ggml.scores");
                List<?> types = gguf.array("tokenizer.ggml.token_type");
                float[] sc = new float[scores.size()];
                int[] ty = new int[types.size()];
                for (int i = 0; i < sc.length; i++) {
                    sc[i] = ((Number) scores.get(i)).floatValue();
                }
                for (int i = 0; i < ty.length; i++) {
                    ty[i] = ((Number) types.get(i)).intValue();
                }
                List<String> toks = new java.util.ArrayList<>(tokens.size());
                for (Object t : tokens) {
                    toks.add((String) t);
                }
                return new SentencePieceTokenizer(toks, sc, ty, gguf.integer("tokenizer.ggml.bos_token_id", -1), eos,
                        gguf.bool("tokenizer.ggml.add_bos_token", true), gguf.bool("tokenizer.ggml.add_space_prefix", true));
            }
            default -> throw new EditorException(gguf.file() + ": unsupported tokenizer: expected tokenizer.ggml.model gpt2"
                    + " or llama but found '" + model + "'");
        }
    }

    /** A tokenizer.json for a {@code gpt2}-type (byte-level BPE) GGUF vocabulary. */
    public static ObjectNode byteLevelBpeJson(GgufFile gguf) {
        String model = kind(gguf);
        if (!model.equals("gpt2")) {
            throw new EditorException(gguf.file() + ": expected tokenizer.ggml.model gpt2 but found " + model);
        }
        List<?> tokens = gguf.array("tokenizer.ggml.tokens");
        List<?> merges = gguf.array("tokenizer.ggml.merges");
        List<?> types = gguf.has("tokenizer.ggml.token_type") ? gguf.array("tokenizer.ggml.token_type") : List.of();
        if (!types.isEmpty() && types.size() != tokens.size()) {
            throw new EditorException(gguf.file() + ": expected one token_type per token (" + tokens.size()
                    + ") but found " + types.size());
        }
        String pre = gguf.string("tokenizer.ggml.pre", "default").toLowerCase(Locale.ROOT);

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < types.size(); i++) {
            int type = ((Number) types.get(i)).intValue();
            if (type == 3 || type == 4) {
                ObjectNode t = added.addObject();
                t.put("id", i);
                t.put("content", (String) tokens.get(i));
                t.put("single_word", false);
                t.put("lstrip", false);
                t.put("rstrip", false);
                t.put("normalized", false);
                t.put("special", type == 3);
            }
        }
        root.putNull("normalizer");
        boolean ignoreMerges = false;
        ObjectNode preTok = root.putObject("pre_tokenizer");
        switch (pre) {
            case "smollm", "starcoder", "refact", "codeshell", "command-r", "exaone", "minerva-7b" -> {
                preTok.put("type", "Sequence");
                ArrayNode seq = preTok.putArray("pretokenizers");
                ObjectNode digits = seq.addObject();
                digits.put("type", "Digits");
                digits.put("individual_digits", true);
                seq.add(byteLevel(true));
            }
            case "llama-bpe", "llama3", "qwen2", "deepseek-r1-qwen" -> {
                ignoreMerges = pre.startsWith("llama");
                preTok.put("type", "Sequence");
                ArrayNode seq = preTok.putArray("pretokenizers");
                ObjectNode split = seq.addObject();
                split.put("type", "Split");
                split.putObject("pattern").put("Regex", pre.startsWith("llama") ? LLAMA3_SPLIT : QWEN2_SPLIT);
                split.put("behavior", "Isolated");
                split.put("invert", false);
                seq.add(byteLevel(false));
            }
            default -> preTok.setAll(byteLevel(true));
        }
        root.putNull("post_processor");
        root.set("decoder", byteLevel(true));
        ObjectNode bpe = root.putObject("model");
        bpe.put("type", "BPE");
        bpe.putNull("dropout");
        bpe.putNull("unk_token");
        bpe.putNull("continuing_subword_prefix");
        bpe.putNull("end_of_word_suffix");
        bpe.put("fuse_unk", false);
        bpe.put("byte_fallback", false);
        bpe.put("ignore_merges", ignoreMerges);
        ObjectNode vocab = bpe.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put((String) tokens.get(i), i);
        }
        ArrayNode m = bpe.putArray("merges");
        for (Object merge : merges) {
            m.add((String) merge);
        }
        return root;
    }

    private static ObjectNode byteLevel(boolean useRegex) {
        ObjectNode b = JSON.createObjectNode();
        b.put("type", "ByteLevel");
        b.put("add_prefix_space", false);
        b.put("trim_offsets", true);
        b.put("use_regex", useRegex);
        return b;
    }
}
