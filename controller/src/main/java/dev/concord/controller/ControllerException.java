package dev.concord.controller;

/**
 * The one unchecked exception of the controller. {@link Kind} says how the web layer answers:
 * bad input, unknown id, not allowed, a state conflict, or a part that is not available yet.
 */
public class ControllerException extends RuntimeException {

    public enum Kind { BAD_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, UNAVAILABLE, INTERNAL }

    private final Kind kind;

    public ControllerException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ControllerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ControllerException badInput(String message) {
        return new ControllerException(Kind.BAD_INPUT, message);
    }

    public static ControllerException notFound(String message) {
        return new ControllerException(Kind.NOT_FOUND, message);
    }

    public static ControllerException forbidden(String message) {
        return new ControllerException(Kind.FORBIDDEN, message);
    }

    public static ControllerException conflict(String message) {
        return new ControllerException(Kind.CONFLICT, message);
    }

    public static ControllerException unavailable(String message) {
        return new ControllerException(Kind.UNAVAILABLE, message);
    }
}
