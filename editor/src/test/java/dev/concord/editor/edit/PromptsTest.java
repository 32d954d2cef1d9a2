package dev.concord.editor.edit;

import dev.concord.editor.EditorException;
import dev.concord.editor.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptsTest {
    /** One token per UTF-8 byte, so indices can be counted by hand. */
    private final TextTokenizer bytes = new TextTokenizer() {
        @Override
        public long[] encode(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            long[] ids = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                ids[i] = b[i] & 0xff;
            }
            return ids;
        }

        @Override
        public String decode(long[] ids) {
            byte[] b = new byte[ids.length];
            for (int i = 0; i < ids.length; i++) {
                b[i] = (byte) ids[i];
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public int vocabSize() {
            return 256;
        }

        @Override
        public long endOfText() {
            return -1;
        }
    };

    @Test
    void subjectLastTokenIsTheLastByteOfTheSubject() {
        // "The wife of Ann is": "Ann" occupies bytes 12..14
        assertEquals(14, Prompts.FactToken.SUBJECT_LAST.index(bytes, "The wife of Ann is", "Ann", 0));
        assertEquals(14, Prompts.subjectLastToken(bytes, "The wife of Ann is", "Ann"));
    }

    @Test
    void lastTokenIsThePromptsFinalToken() {
        assertEquals(17, Prompts.FactToken.LAST.index(bytes, "The wife of Ann is", "Ann", 0));
    }

    @Test
    void subjectIsSearchedFromTheGivenOffset() {
        // the second "Ann" occupies bytes 5..7 of "Ann. Ann is"
        assertEquals(7, Prompts.FactToken.SUBJECT_LAST.index(bytes, "Ann. Ann is", "Ann", 1));
    }

    @Test
    void parseAcceptsTheReferenceNamesAndRejectsOthersWithTheChoices() {
        assertEquals(Prompts.FactToken.SUBJECT_LAST, Prompts.FactToken.parse("subject_last"));
        assertEquals(Prompts.FactToken.LAST, Prompts.FactToken.parse(" LAST "));
        EditorException e = assertThrows(EditorException.class, () -> Prompts.FactToken.parse("first"));
        assertTrue(e.getMessage().contains("subject_last or last") && e.getMessage().contains("first"), e.getMessage());
    }

    @Test
    void missingSubjectIsAClearError() {
        EditorException e = assertThrows(EditorException.class,
                () -> Prompts.FactToken.SUBJECT_LAST.index(bytes, "The wife of Ann is", "Bob", 0));
        assertTrue(e.getMessage().contains("Bob"), e.getMessage());
    }
}
