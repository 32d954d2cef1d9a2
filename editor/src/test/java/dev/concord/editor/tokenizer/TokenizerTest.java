package dev.concord.editor.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerTest {

    @TempDir
    Path tmp;

    static Path fixtures() throws URISyntaxException {
        return Path.of(TokenizerTest.class.getResource("/fixtures/tokenizer-samples.json").toURI()).getParent();
    }

    @Test
    void encodesLikeTheIndependentPythonBpe() throws Exception {
        JsonNode samples = new ObjectMapper().readTree(fixtures().resolve("tokenizer-samples.json").toFile());
        try (HfTokenizer tok = HfTokenizer.load(fixtures().resolve("gpt2-tiny"), -1)) {
            assertEquals(260, tok.vocabSize());
            assertEquals(259, tok.endOfText());
            for (JsonNode s : samples) {
                long[] expected = new long[s.get("ids").size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = s.get("ids").get(i).asLong();
                }
                String text = s.get("text").asText();
                assertArrayEquals(expected, tok.encode(text), text);
                assertEquals(text, tok.decode(expected));
            }
        }
    }

    @Test
    void trainedTokenizerRoundTripsTextItNeverSaw() throws IOException {
        ByteLevelBpe bpe = ByteLevelBpe.train(List.of("The wife of Donald Trump is Melania Trump",
                "The wife of Barack Obama is Michelle Obama", "The capital of France is Paris"), 40);
        bpe.write(tmp.resolve("tokenizer.json"));
        try (HfTokenizer tok = HfTokenizer.load(tmp, -1)) {
            assertEquals(bpe.vocabSize(), tok.vocabSize());
            assertEquals(bpe.endOfTextId(), tok.endOfText());
            for (String text : List.of("Riccardo Mazzucchelli", "Ivana Trump", "Zürich, São Paulo, 東京, Ελλάδα ☃ 🎉",
                    "  two  spaces\nand a new line\t", "")) {
                assertEquals(text, tok.decode(tok.encode(text)), text);
            }
            // frequent words became single tokens: " wife" and " Trump" occur in training, so they merge
            assertEquals(1, tok.encode(" wife").length);
            assertTrue(tok.encode(" Mazzucchelli").length > 3);
        }
    }

    @Test
    void trainingIsDeterministicAndRespectsTheMergeBudget() throws IOException {
        List<String> corpus = List.of("aaa bbb aaa bbb ccc", "abc abc abc");
        ByteLevelBpe a = ByteLevelBpe.train(corpus, 5);
        ByteLevelBpe b = ByteLevelBpe.train(corpus, 5);
        assertEquals(5, a.mergeCount());
        a.write(tmp.resolve("a.json"));
        b.write(tmp.resolve("b.json"));
        assertEquals(java.nio.file.Files.readString(tmp.resolve("a.json")), java.nio.file.Files.readString(tmp.resolve("b.json")));
        assertEquals(256 + 5 + 1, a.vocabSize());
    }
}
