package dev.concord.interpreter;

/** The one unchecked exception of the interpreter module. */
public class InterpreterException extends RuntimeException {
    public InterpreterException(String message) {
        super(message);
    }

    public InterpreterException(String message, Throwable cause) {
        super(message, cause);
    }
}
