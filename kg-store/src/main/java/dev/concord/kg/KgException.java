package dev.concord.kg;

/** The one unchecked exception of the kg-store module; messages say what was expected and what was found. */
public class KgException extends RuntimeException {
    public KgException(String message) {
        super(message);
    }

    public KgException(String message, Throwable cause) {
        super(message, cause);
    }
}
