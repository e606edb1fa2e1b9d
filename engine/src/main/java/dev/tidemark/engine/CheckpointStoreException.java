package dev.tidemark.engine;

/**
 * Reading or writing a checkpoint failed. {@link #retryable()} tells whether trying again may help (the
 * database was unreachable, a deadlock, a failover) or not (the table is missing, a stored position
 * cannot be parsed); the message says which store, which pipeline and what to check.
 */
public final class CheckpointStoreException extends TidemarkException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public CheckpointStoreException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same operation may succeed later. */
    public boolean retryable() {
        return retryable;
    }
}
