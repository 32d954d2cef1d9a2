package dev.concord.editor.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint's {@code tokenizer.json} through DJL's Hugging Face tokenizers binding (the Rust
 * library, offline). Encodes without special tokens, truncation or padding; the vocabulary size is
 * the highest id in the model vocabulary or the added tokens, plus one.
 */
public final class HfTokenizer implements TextTokenizer, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] EOS_NAMES = {"<|endoftext|>", "</s>", "<|end_of_text|>", "<|im_end|>", "<eos>"};

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final long endOfText;
    /** The tokenizer.json text when the tokenizer was built in memory (from a GGUF file), else null. */
    private final String json;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, long endOfText, String json) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.endOfText = endOfText;
        this.json = json;
    }

    /**
     * A tokenizer from tokenizer.json text built in memory ({@code source} names where it came from
     * in errors); {@code vocabSize} and {@code endOfText} as the caller read them.
     */
    public static HfTokenizer fromJson(String json, int vocabSize, long endOfText, String source) {
        try (java.io.InputStream in = new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfTokenizer(tok, vocabSize, endOfText, json);
        } catch (IOException | RuntimeException e) {
            throw new EditorException("cannot build the tokenizer of " + source + ": " + e.getMessage(), e);
        }
    }

    /** The tokenizer.json text when built in memory, else null (the checkpoint's file is the source). */
    public String json() {
        return json;
    }

    /**
     * Loads {@code dir/tokenizer.json}. {@code configEos} (the config's eos_token_id, or -1) wins over
     * a lookup of the usual end-of-text names.
     */
    public static HfTokenizer load(Path dir, long configEos) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new EditorException("expected a tokenizer.json in " + dir + " but found none");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EditorException("tokenizer.json in " + dir + " is not valid JSON: " + e.getMessage(), e);
        }
        long maxId = -1;
        JsonNode vocab = root.path("model").path("vocab");
        Map<String, Long> named = new java.util.HashMap<>();
        if (vocab.isObject()) {
            for (var it = vocab.fields(); it.hasNext(); ) {
                var e = it.next();
                maxId = Math.max(maxId, e.getValue().asLong());
                named.put(e.getKey(), e.getValue().asLong());
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...]
            maxId = vocab.size() - 1;
            for (int i = 0; i < vocab.size(); i++) {
                named.put(vocab.get(i).path(0).asText(), (long) i);
            }
        }
        for (JsonNode t : root.path("added_tokens")) {
            maxId = Math.max(maxId, t.path("id").asLong());
            named.put(t.path("content").asText(), t.path("id").asLong());
        }
        if (maxId < 0) {
            throw new EditorException("expected a model vocabulary in " + file + " but found none");
        }
        long eos = configEos;
        if (eos < 0) {
            for (String name : EOS_NAMES) {
                if (named.containsKey(name)) {
                    eos = named.get(name);
                    break;
                }
            }
        }
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new HfTokenizer(tok, (int) (maxId + 1), eos, null);
        } catch (IOException | RuntimeException e) {
            throw new EditorException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    @Override
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public long endOfText() {
        return endOfText;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
