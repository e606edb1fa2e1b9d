package dev.tidemark.engine;

/**
 * The one unchecked base of every error Tidemark raises. Messages name the problem, where it
 * happened (pipeline, slot, table, config key) and what to do about it.
 */
public class TidemarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TidemarkException(String message) {
        super(message);
    }

    public TidemarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
