package dev.tidemark.engine;

/**
 * Application code that receives the change stream, one batch at a time, on the pipeline's own
 * thread. Returning normally means the batch is durably handled: Tidemark then checkpoints past it
 * and lets the source release it. Throwing makes Tidemark retry the same batch with backoff; after
 * the configured attempts the pipeline stops with the error. A batch may therefore be handed over
 * again after a failure or a crash: handle it idempotently, or use {@link JdbcChangeHandler} for
 * exactly-once delivery.
 */
@FunctionalInterface
public interface ChangeHandler {
    void handle(ChangeBatch batch) throws Exception;
}
