package dev.concord.editor.demo;

import dev.concord.editor.EditorException;

import java.util.List;

/**
 * One fact the demo model learns: subject, relation and object in plain text (underscores turned
 * into spaces), where it comes from ("kg", "kg2" or "counterfact:{case_id}"), the phrasings it is
 * trained on, and phrasings held out of training to measure generalisation.
 */
public record DemoFact(String subject, String relation, String object, String source,
                       List<String> trainPrompts, List<String> heldOutPrompts) {
    public DemoFact {
        if (subject == null || subject.isBlank() || object == null || object.isBlank()) {
            throw new EditorException("a demo fact needs a subject and an object, found '" + subject + "' and '"
                    + object + "'");
        }
        if (trainPrompts == null || trainPrompts.isEmpty()) {
            throw new EditorException("demo fact " + subject + " / " + relation + " needs at least one training prompt");
        }
        trainPrompts = List.copyOf(trainPrompts);
        heldOutPrompts = heldOutPrompts == null ? List.of() : List.copyOf(heldOutPrompts);
    }
}
