package dev.concord.editor;

/** The one unchecked exception of the editor module; messages say what was expected and what was found. */
public class EditorException extends RuntimeException {
    public EditorException(String message) {
        super(message);
    }

    public EditorException(String message, Throwable cause) {
        super(message, cause);
    }
}
