package dev.concord.editor;

/**
 * One fact to write into the model: the prompt (a relation template filled with the subject,
 * "The wife of Donald Trump is"), the subject as it appears in the prompt (ROME finds its last
 * token there), and the new target completion ("Ivana Trump"; a leading space is added when the
 * tokenizer needs one).
 */
public record FactEdit(String prompt, String subject, String target) {
    public FactEdit {
        if (prompt == null || prompt.isBlank()) {
            throw new EditorException("prompt must not be blank");
        }
        if (subject == null || subject.isBlank() || !prompt.contains(subject)) {
            throw new EditorException("subject '" + subject + "' must occur in the prompt '" + prompt + "'");
        }
        if (target == null || target.isBlank()) {
            throw new EditorException("target must not be blank");
        }
    }
}
