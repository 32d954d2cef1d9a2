package dev.concord.editor;

/** A model's tokenizer: text to ids and back, with no special tokens added. */
public interface TextTokenizer {
    long[] encode(String text);

    String decode(long[] ids);

    int vocabSize();

    /** The end-of-text id, or -1 when the tokenizer has none. */
    long endOfText();
}
