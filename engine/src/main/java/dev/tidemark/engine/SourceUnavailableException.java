package dev.tidemark.engine;

/**
 * The source database cannot serve the pipeline as configured: it is unreachable, or a setting,
 * privilege, slot or publication is missing. The message says which and how to fix it.
 * {@link #retryable()} tells whether reconnecting may help (a dropped connection) or not (a wrong
 * {@code wal_level}).
 */
public final class SourceUnavailableException extends TidemarkException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public SourceUnavailableException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public SourceUnavailableException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** True when the same attempt may succeed later (network, server restart). */
    public boolean retryable() {
        return retryable;
    }
}
