package dev.concord.interpreter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.interpreter.InMemoryLexicon;
import dev.concord.interpreter.Interpretation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentInterpretationTest {

    private static final List<String> TEXTS = List.of("Melania Trump was born in Slovenia.", "Who is the mother of Hillary Clinton?",
            "Remove the fact that Oprah Winfrey was born in Kosciusko.", "What's the weather?",
            "Donald Trump was born in New York and his wife is Melania Trump", "Is Melania Trump married to Donald Trump?");

    @Test
    void threadsSharingOneInterpreterGetTheSameAnswersAsOneThreadWhilePhrasingsChange() throws Exception {
        InMemoryLexicon lexicon = InMemoryLexicon.bundled();
        RuleInterpreter interpreter = new RuleInterpreter(lexicon);
        List<Interpretation> expected = TEXTS.stream().map(interpreter::interpret).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Interpretation>>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                results.add(pool.submit(() -> {
                    List<Interpretation> last = null;
                    for (int round = 0; round < 200; round++) {
                        last = TEXTS.stream().map(interpreter::interpret).toList();
                        if (!last.equals(expected)) {
                            return last;
                        }
                    }
                    return last;
                }));
            }
            for (int i = 0; i < 20; i++) {
                lexicon.addPhrasing("born_in", "grew up number " + i + " in");
            }
            for (Future<List<Interpretation>> f : results) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
