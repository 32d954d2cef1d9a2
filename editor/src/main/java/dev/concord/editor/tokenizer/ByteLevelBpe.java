package dev.concord.editor.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE tokenizer (Sennrich et al. 2016, with GPT-2's byte-to-unicode alphabet)
 * on a corpus and writes it as a Hugging Face {@code tokenizer.json}: ByteLevel pre-tokenizer and
 * decoder, BPE model with vocabulary and merges, one special token {@code <|endoftext|>} (the last
 * id). Every byte has a token, so any text, including names and scripts never seen in training,
 * encodes and decodes back unchanged.
 *
 * <p>Training: the corpus is split with GPT-2's pre-tokenisation pattern, then the most frequent
 * adjacent pair is merged repeatedly (ties broken by the pair's ids, so the result is
 * deterministic) until the merge budget is spent or no pair occurs twice.
 */
public final class ByteLevelBpe {

    public static final String END_OF_TEXT = "<|endoftext|>";
    /** GPT-2's pre-tokenisation pattern (contractions, letters, digits, other symbols, spaces). */
    private static final Pattern PRE_TOKENS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final char[] BYTE_CHARS = byteChars();

    private final List<String> tokens;      // id -> token string (byte-level alphabet)
    private final List<String> merges;      // "left right", in rank order

    private ByteLevelBpe(List<String> tokens, List<String> merges) {
        this.tokens = tokens;
        this.merges = merges;
    }

    /** Vocabulary size including {@code <|endoftext|>}. */
    public int vocabSize() {
        return tokens.size() + 1;
    }

    public int mergeCount() {
        return merges.size();
    }

    public long endOfTextId() {
        return tokens.size();
    }

    /** GPT-2's reversible byte → printable character map (printable Latin-1 bytes map to themselves). */
    private static char[] byteChars() {
        char[] map = new char[256];
        boolean[] kept = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            kept[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            kept[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            kept[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = kept[b] ? (char) b : (char) (256 + next++);
        }
        return map;
    }

    static String toByteLevel(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append(BYTE_CHARS[b & 0xFF]);
        }
        return sb.toString();
    }

    /** Trains at most {@code maxMerges} merges on {@code corpus}. */
    public static ByteLevelBpe train(List<String> corpus, int maxMerges) {
        if (maxMerges < 0) {
            throw new EditorException("expected a merge budget >= 0 but found " + maxMerges);
        }
        // 1. word frequencies over pre-tokens, in the byte-level alphabet (sorted for determinism)
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String text : corpus) {
            Matcher m = PRE_TOKENS.matcher(text);
            while (m.find()) {
                counts.merge(toByteLevel(m.group()), 1, Integer::sum);
            }
        }
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(BYTE_CHARS[b]);
            ids.put(s, tokens.size());
            tokens.add(s);
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String w = e.getKey();
            int[] sym = new int[w.length()];
            for (int i = 0; i < w.length(); i++) {
                sym[i] = ids.get(String.valueOf(w.charAt(i)));
            }
            words.add(sym);
            freq.add(e.getValue());
        }
        // 2. repeatedly merge the most frequent adjacent pair
        List<String> merges = new ArrayList<>();
        for (int step = 0; step < maxMerges; step++) {
            HashMap<Long, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] sym = words.get(w);
                for (int i = 0; i + 1 < sym.length; i++) {
                    pairs.merge(((long) sym[i] << 32) | sym[i + 1], freq.get(w), Integer::sum);
                }
            }
            long best = -1;
            int bestCount = 1;
            for (Map.Entry<Long, Integer> e : pairs.entrySet()) {
                int c = e.getValue();
                if (c > bestCount || (c == bestCount && best >= 0 && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            String merged = tokens.get(left) + tokens.get(right);
            Integer id = ids.get(merged);
            if (id == null) {
                id = tokens.size();
                tokens.add(merged);
                ids.put(merged, id);
            }
            merges.add(tokens.get(left) + " " + tokens.get(right));
            for (int w = 0; w < words.size(); w++) {
                words.set(w, applyMerge(words.get(w), left, right, id));
            }
        }
        return new ByteLevelBpe(tokens, merges);
    }

    private static int[] applyMerge(int[] sym, int left, int right, int id) {
        int n = 0;
        int[] out = null;
        for (int i = 0; i < sym.length; i++) {
            if (i + 1 < sym.length && sym[i] == left && sym[i + 1] == right) {
                if (out == null) {
                    out = new int[sym.length - 1];
                    System.arraycopy(sym, 0, out, 0, i);
                    n = i;
                }
                out[n++] = id;
                i++;
            } else if (out != null) {
                out[n++] = sym[i];
            }
        }
        return out == null ? sym : java.util.Arrays.copyOf(out, n);
    }

    /** Writes {@code tokenizer.json} (atomically) in the Hugging Face tokenizers format. */
    public void write(Path file) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode eos = added.addObject();
        eos.put("id", endOfTextId());
        eos.put("content", END_OF_TEXT);
        eos.put("single_word", false);
        eos.put("lstrip", false);
        eos.put("rstrip", false);
        eos.put("normalized", true);
        eos.put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(json, false));
        root.set("post_processor", byteLevel(json, true));
        root.set("decoder", byteLevel(json, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ordered.put(tokens.get(i), i);
        }
        ordered.forEach(vocab::put);
        vocab.put(END_OF_TEXT, endOfTextId());
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "tokenizer", ".tmp");
            json.writeValue(tmp.toFile(), root);
            dev.concord.editor.io.SafeTensors.readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode byteLevel(ObjectMapper json, boolean trimOffsets) {
        ObjectNode n = json.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", false);
        n.put("trim_offsets", trimOffsets);
        n.put("use_regex", true);
        return n;
    }
}
