package dev.tidemark.engine;

/** A pipeline stopped because of an error it could not retry away; the cause is chained. */
public final class PipelineFailedException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public PipelineFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
