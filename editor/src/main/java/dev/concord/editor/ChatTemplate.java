package dev.concord.editor;

/**
 * An instruct model's chat format, recognised from the Jinja template a GGUF file carries in
 * {@code tokenizer.chat_template} (no Jinja engine: the two families the known models use are
 * matched by their markers and written out here).
 *
 * <ul>
 *   <li>ChatML ({@code <|im_start|>role\n...<|im_end|>\n}, SmolLM2, Qwen): the template's own default
 *       system message is used when it has one, as the template does when the first message is not a
 *       system message.</li>
 *   <li>Gemma ({@code <start_of_turn>user\n...<end_of_turn>\n<start_of_turn>model\n}); the tokenizer adds BOS.</li>
 * </ul>
 *
 * @param family        "chatml" or "gemma"
 * @param defaultSystem the system message the template inserts, or null
 */
public record ChatTemplate(String family, String defaultSystem) {

    /** The template of a Jinja source, or null when it is not a family this runtime knows. */
    public static ChatTemplate recognise(String jinja) {
        if (jinja == null || jinja.isBlank()) {
            return null;
        }
        if (jinja.contains("<|im_start|>")) {
            String marker = "<|im_start|>system\n";
            int at = jinja.indexOf(marker);
            String system = null;
            if (at >= 0) {
                int end = jinja.indexOf("<|im_end|>", at);
                String text = end > at ? jinja.substring(at + marker.length(), end) : "";
                // a literal default message, not the template's own variable (message['content'])
                if (!text.isBlank() && !text.contains("{") && !text.contains("'")) {
                    system = text;
                }
            }
            return new ChatTemplate("chatml", system);
        }
        if (jinja.contains("<start_of_turn>")) {
            return new ChatTemplate("gemma", null);
        }
        return null;
    }

    /**
     * The prompt for a system message (null: the template's default) and one user message, ending where
     * the assistant's answer starts. Gemma has no system turn: the system text leads the user turn.
     */
    public String prompt(String systemMessage, String userMessage) {
        if (systemMessage == null || systemMessage.isBlank()) {
            return prompt(userMessage);
        }
        return switch (family) {
            case "chatml" -> "<|im_start|>system\n" + systemMessage + "<|im_end|>\n"
                    + "<|im_start|>user\n" + userMessage + "<|im_end|>\n<|im_start|>assistant\n";
            case "gemma" -> "<start_of_turn>user\n" + systemMessage + "\n\n" + userMessage
                    + "<end_of_turn>\n<start_of_turn>model\n";
            default -> throw new EditorException("unknown chat template family " + family);
        };
    }

    /** The prompt for one user message, ending where the assistant's answer starts. */
    public String prompt(String userMessage) {
        return switch (family) {
            case "chatml" -> (defaultSystem == null ? "" : "<|im_start|>system\n" + defaultSystem + "<|im_end|>\n")
                    + "<|im_start|>user\n" + userMessage + "<|im_end|>\n<|im_start|>assistant\n";
            case "gemma" -> "<start_of_turn>user\n" + userMessage + "<end_of_turn>\n<start_of_turn>model\n";
            default -> throw new EditorException("unknown chat template family " + family);
        };
    }
}
