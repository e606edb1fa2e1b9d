package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.PipelineListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what an operator watching the daemon should see that the engine does not log itself. */
final class LoggingListener implements PipelineListener {
    private static final Logger log = LoggerFactory.getLogger("dev.tidemark.daemon");

    @Override
    public void onStarted(String pipeline) {
        log.info("pipeline {} running", pipeline);
    }

    // disconnects and warnings are logged by the sources themselves, with their details
}
