package dev.concord.editor.eval;

import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;

import java.util.List;

/**
 * One evaluation case in the CounterFact layout EasyEdit uses: the edit (prompt, subject, new
 * target), the true object it replaces, held-out rephrasings (generalisation), unrelated probes
 * whose predictions must not change (locality) and probes implied by the edit (portability:
 * here the inverse relation, "The husband of {new wife} is" -> subject, where the data has one).
 */
public record EvalCase(String id, FactEdit edit, String groundTruth, List<String> rephrases, List<Probe> locality,
                       List<Probe> portability) {
    public EvalCase {
        if (id == null || id.isBlank() || edit == null) {
            throw new EditorException("an evaluation case needs an id and an edit");
        }
        rephrases = List.copyOf(rephrases);
        locality = List.copyOf(locality);
        portability = List.copyOf(portability);
    }

    /** A prompt and the answer expected after it. */
    public record Probe(String prompt, String answer) {
        public Probe {
            if (prompt == null || prompt.isBlank() || answer == null || answer.isBlank()) {
                throw new EditorException("a probe needs a prompt and an answer, found '" + prompt + "' / '" + answer + "'");
            }
        }
    }
}
