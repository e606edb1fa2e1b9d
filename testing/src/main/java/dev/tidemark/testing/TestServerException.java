package dev.tidemark.testing;

/**
 * A test database server could not be started, reached or driven. The message names the server, what
 * was attempted and, for a local server that failed to start, the tail of its log. Tests that hit this
 * fail; they are never skipped.
 */
public final class TestServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestServerException(String message) {
        super(message);
    }

    public TestServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
