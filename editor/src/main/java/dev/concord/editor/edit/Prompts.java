package dev.concord.editor.edit;

import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;

import java.util.Arrays;

/** Tokenisation helpers shared by the editing methods: target ids and the subject's last token. */
public final class Prompts {
    private Prompts() {
    }

    /**
     * The ids of {@code target} as a continuation of {@code prompt}. A leading space is added
     * when the target has none (GPT-2's BPE and SentencePiece both mark word starts with it);
     * when the tokenisation of prompt + target extends the prompt's own ids, the extension is
     * used, so merges across the boundary are seen as the model sees them.
     */
    public static long[] targetIds(TextTokenizer tokenizer, String prompt, String target) {
        String spaced = target.startsWith(" ") || prompt.endsWith(" ") ? target : " " + target;
        long[] promptIds = tokenizer.encode(prompt);
        long[] joined = tokenizer.encode(prompt + spaced);
        if (joined.length > promptIds.length
                && Arrays.equals(Arrays.copyOf(joined, promptIds.length), promptIds)) {
            return Arrays.copyOfRange(joined, promptIds.length, joined.length);
        }
        long[] alone = tokenizer.encode(spaced);
        if (alone.length == 0) {
            throw new EditorException("target '" + target + "' encodes to no tokens");
        }
        return alone;
    }

    /**
     * Index, in {@code tokenizer.encode(text)}, of the last token of the first occurrence of
     * {@code subject} in {@code text} (ROME's "subject last token" lookup).
     */
    public static int subjectLastToken(TextTokenizer tokenizer, String text, String subject) {
        return subjectLastToken(tokenizer, text, subject, 0);
    }

    /** As {@link #subjectLastToken(TextTokenizer, String, String)}, for the first occurrence at or after {@code from}. */
    public static int subjectLastToken(TextTokenizer tokenizer, String text, String subject, int from) {
        int at = text.indexOf(subject, from);
        if (at < 0) {
            throw new EditorException("expected subject '" + subject + "' in '" + text + "'");
        }
        int n = tokenizer.encode(text.substring(0, at + subject.length())).length;
        if (n == 0) {
            throw new EditorException("subject '" + subject + "' encodes to no tokens");
        }
        return n - 1;
    }

    public static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static long[] prefix(long[] a, int n) {
        return Arrays.copyOf(a, n);
    }

    /**
     * Which token's key and value an edit reads and writes: ROME's {@code fact_token} setting
     * ("subject_last", the paper's default, or "last", the prompt's last token, which the reference
     * code also offers).
     */
    public enum FactToken {
        SUBJECT_LAST, LAST;

        public static FactToken parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "subject_last" -> SUBJECT_LAST;
                case "last", "prompt_last" -> LAST;
                default -> throw new EditorException("expected fact_token subject_last or last, found '" + s + "'");
            };
        }

        /** Index in {@code tokenizer.encode(text)} of the fact token, the subject searched from {@code from}. */
        public int index(TextTokenizer tokenizer, String text, String subject, int from) {
            if (this == LAST) {
                int n = tokenizer.encode(text).length;
                if (n == 0) {
                    throw new EditorException("text '" + text + "' encodes to no tokens");
                }
                return n - 1;
            }
            return subjectLastToken(tokenizer, text, subject, from);
        }
    }
}
