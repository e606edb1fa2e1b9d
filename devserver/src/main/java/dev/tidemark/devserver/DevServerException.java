package dev.tidemark.devserver;

/**
 * A throwaway server could not be started, stopped or reached. The message says what failed and, where
 * the server wrote one, ends with the tail of its log.
 */
public final class DevServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DevServerException(String message) {
        super(message);
    }

    public DevServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
