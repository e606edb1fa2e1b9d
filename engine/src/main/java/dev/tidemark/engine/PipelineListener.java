package dev.tidemark.engine;

import java.time.Duration;

/**
 * Lifecycle hooks, kept apart from the data path. Every method has a no-op default; implement what
 * you need. Called on pipeline or source threads: keep them fast and never throw.
 */
public interface PipelineListener {
    default void onStarted(String pipeline) {
    }

    /** A batch was handled and checkpointed. */
    default void onBatchHandled(String pipeline, ChangeBatch batch, Duration took) {
    }

    /** A checkpoint was stored (after a batch, or a heartbeat on an idle stream). */
    default void onCheckpoint(String pipeline, Position position) {
    }

    /** The handler or a sink failed; the batch will be retried after {@code backoff}. */
    default void onHandlerFailed(String pipeline, int attempt, Throwable error, Duration backoff) {
    }

    /** The source lost its connection and will reconnect after {@code backoff}. */
    default void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
    }

    /** Something the operator should know about that does not stop the pipeline. */
    default void onWarning(String pipeline, String message) {
    }

    /** The pipeline stopped; {@code error} is null after a graceful stop. */
    default void onStopped(String pipeline, Throwable error) {
    }

    PipelineListener NOOP = new PipelineListener() {
    };
}
