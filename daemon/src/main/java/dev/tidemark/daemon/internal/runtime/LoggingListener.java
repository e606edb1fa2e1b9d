package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.PipelineListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what an operator watching the daemon should see that the engine does not log itself. */
final class LoggingListener implements PipelineListener {
    private static final Logger log = LoggerFactory.getLogger("dev.tidemark.daemon");

    @Override
    public void onStarted(String pipeline) {
        log.info("pipeline {} running", pipeline);
    }

    @Override
    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
        log.warn("pipeline {}: source connection lost ({}); reconnecting in {} ms", pipeline, error.getMessage(),
                backoff.toMillis());
    }

    @Override
    public void onWarning(String pipeline, String message) {
        log.warn("pipeline {}: {}", pipeline, message);
    }
}
