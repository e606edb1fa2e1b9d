package dev.tidemark.engine.internal;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls several listeners in order; one that throws is logged and does not stop the others. */
final class CompositeListener implements PipelineListener {
    private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);
    private final List<PipelineListener> listeners;

    CompositeListener(List<PipelineListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(java.util.function.Consumer<PipelineListener> call) {
        for (PipelineListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("listener {} threw: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    @Override
    public void onStarted(String pipeline) {
        each(l -> l.onStarted(pipeline));
    }

    @Override
    public void onBatchHandled(String pipeline, ChangeBatch batch, Duration took) {
        each(l -> l.onBatchHandled(pipeline, batch, took));
    }

    @Override
    public void onCheckpoint(String pipeline, Position position) {
        each(l -> l.onCheckpoint(pipeline, position));
    }

    @Override
    public void onHandlerFailed(String pipeline, int attempt, Throwable error, Duration backoff) {
        each(l -> l.onHandlerFailed(pipeline, attempt, error, backoff));
    }

    @Override
    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
        each(l -> l.onSourceDisconnected(pipeline, error, backoff));
    }

    @Override
    public void onWarning(String pipeline, String message) {
        each(l -> l.onWarning(pipeline, message));
    }

    @Override
    public void onStopped(String pipeline, Throwable error) {
        each(l -> l.onStopped(pipeline, error));
    }
}
