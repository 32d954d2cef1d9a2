package dev.concord.editor.tokenizer;

import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE as GGUF files describe it ({@code tokenizer.ggml.model = llama}: tokens, scores,
 * token types), run the way llama.cpp's SPM tokenizer runs it (Gemma, Llama 2, TinyLlama, Mistral):
 *
 * <ol>
 *   <li>control and user-defined tokens found in the text are kept whole (so {@code <start_of_turn>} in a
 *       chat prompt is one token);</li>
 *   <li>in the other fragments spaces become {@code ▁} (U+2581), with one more in front when
 *       {@code add_space_prefix} is set;</li>
 *   <li>the fragment starts as one symbol per character; repeatedly the adjacent pair whose joined
 *       text is a vocabulary token with the highest score is merged (the leftmost on ties);</li>
 *   <li>a symbol that is not a token is written as its UTF-8 bytes, {@code <0xNN>} tokens (byte fallback).</li>
 * </ol>
 * With {@code add_bos_token}, {@link #encode} puts the BOS id first, as the model expects every
 * sequence to start with it. Decoding drops that BOS, keeps other control tokens as their text (as
 * Hugging Face's decode does without skipping special tokens), turns {@code ▁} back into spaces and
 * byte tokens back into bytes.
 */
public final class SentencePieceTokenizer implements TextTokenizer {

    private static final String SPACE = "\u2581";
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    private static final int BYTE = 6;

    private final List<String> tokens;
    private final float[] scores;
    private final int[] types;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] byteIds = new int[256];
    private final List<String> specials = new ArrayList<>(); // longest first
    private final long bos;
    private final long eos;
    private final boolean addBos;
    private final boolean addSpacePrefix;

    public SentencePieceTokenizer(List<String> tokens, float[] scores, int[] types, long bos, long eos, boolean addBos,
                                  boolean addSpacePrefix) {
        if (scores.length != tokens.size() || types.length != tokens.size()) {
            throw new EditorException("expected one score and one type per token (" + tokens.size() + ") but found "
                    + scores.length + " scores and " + types.length + " types");
        }
        this.tokens = List.copyOf(tokens);
        this.scores = scores;
        this.types = types;
        this.bos = bos;
        this.eos = eos;
        this.addBos = addBos && bos >= 0;
        this.addSpacePrefix = addSpacePrefix;
        java.util.Arrays.fill(byteIds, -1);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (types[i] == BYTE && t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
                byteIds[Integer.parseInt(t.substring(3, 5), 16)] = i;
            } else {
                ids.putIfAbsent(t, i);
            }
            if ((types[i] == CONTROL || types[i] == USER_DEFINED) && !t.isEmpty()) {
                specials.add(t);
            }
        }
        specials.sort(Comparator.comparingInt(String::length).reversed());
    }

    @Override
    public long[] encode(String text) {
        List<Long> out = new ArrayList<>();
        if (addBos) {
            out.add(bos);
        }
        // split out special tokens (longest match first at each position), then tokenize the rest
        int from = 0;
        int i = 0;
        boolean first = true;
        while (i < text.length()) {
            String special = null;
            for (String s : specials) {
                if (text.startsWith(s, i)) {
                    special = s;
                    break;
                }
            }
            if (special == null) {
                i++;
                continue;
            }
            if (i > from) {
                fragment(text.substring(from, i), first, out);
            }
            first = false;
            out.add((long) ids.get(special));
            i += special.length();
            from = i;
        }
        if (from < text.length()) {
            fragment(text.substring(from), first, out);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A symbol in the merge list: text, and the neighbours by index (-1 at the ends). */
    private static final class Symbol {
        String text;
        int prev;
        int next;
        boolean alive = true;

        Symbol(String text, int prev, int next) {
            this.text = text;
            this.prev = prev;
            this.next = next;
        }
    }

    private record Bigram(int left, int right, float score, int size) {
    }

    private void fragment(String raw, boolean first, List<Long> out) {
        String text = raw.replace(" ", SPACE);
        if (addSpacePrefix && first) {
            text = SPACE + text;
        }
        List<Symbol> symbols = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            symbols.add(new Symbol(text.substring(i, i + n), symbols.size() - 1, symbols.size() + 1));
            i += n;
        }
        if (symbols.isEmpty()) {
            return;
        }
        symbols.get(symbols.size() - 1).next = -1;
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 1; i < symbols.size(); i++) {
            tryAdd(symbols, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            Symbol l = symbols.get(b.left);
            Symbol r = symbols.get(b.right);
            if (!l.alive || !r.alive || l.text.length() + r.text.length() != b.size || l.next != b.right) {
                continue; // stale: one side was merged since
            }
            l.text = l.text + r.text;
            r.alive = false;
            l.next = r.next;
            if (r.next >= 0) {
                symbols.get(r.next).prev = b.left;
            }
            if (l.prev >= 0) {
                tryAdd(symbols, l.prev, b.left, queue);
            }
            if (l.next >= 0) {
                tryAdd(symbols, b.left, l.next, queue);
            }
        }
        for (int i = 0; i >= 0 && i < symbols.size(); i = symbols.get(i).next) {
            Symbol s = symbols.get(i);
            Integer id = ids.get(s.text);
            if (id != null) {
                out.add((long) id);
            } else {
                for (byte x : s.text.getBytes(StandardCharsets.UTF_8)) {
                    int bid = byteIds[x & 0xFF];
                    if (bid < 0) {
                        throw new EditorException("the vocabulary has no byte token <0x"
                                + String.format("%02X", x & 0xFF) + "> for '" + s.text + "'");
                    }
                    out.add((long) bid);
                }
            }
        }
    }

    private void tryAdd(List<Symbol> symbols, int left, int right, PriorityQueue<Bigram> queue) {
        String joined = symbols.get(left).text + symbols.get(right).text;
        Integer id = ids.get(joined);
        if (id != null) { // as llama.cpp: any vocabulary token, whatever its type
            queue.add(new Bigram(left, right, scores[id], joined.length()));
        }
    }

    @Override
    public String decode(long[] idList) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (long id : idList) {
            if (id < 0 || id >= tokens.size()) {
                throw new EditorException("expected token ids in [0, " + tokens.size() + ") but found " + id);
            }
            int t = types[(int) id];
            String s = tokens.get((int) id);
            if (addBos && id == bos) {
                continue; // encode adds it; decode(encode(text)) gives the text back
            }
            if (t == BYTE && s.startsWith("<0x")) {
                bytes.write(Integer.parseInt(s.substring(3, 5), 16));
                continue;
            }
            byte[] b = s.replace(SPACE, " ").getBytes(StandardCharsets.UTF_8);
            bytes.write(b, 0, b.length);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return addSpacePrefix && text.startsWith(" ") ? text.substring(1) : text;
    }

    @Override
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public long endOfText() {
        return eos;
    }
}
