package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.SinkConfig;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.spi.ChangeSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps one {@link PipelineConfig} onto {@link Pipeline#builder()}: the YAML and the Java API share
 * one set of rules, the builder's.
 */
public final class PipelineAssembler {
    private final Components components;
    private final CheckpointDatabases checkpoints;
    private final List<PipelineListener> listeners;
    private final Clock clock;

    public PipelineAssembler(Components components, CheckpointDatabases checkpoints, List<PipelineListener> listeners,
                             Clock clock) {
        this.components = components;
        this.checkpoints = checkpoints;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /**
     * Builds the pipeline around an already built source, connecting to its checkpoint database.
     * Sinks are created here and closed again if building fails.
     */
    public Pipeline assemble(PipelineConfig config, ChangeSource source) {
        CheckpointDatabase db = checkpoints.get(config.checkpoint());
        Pipeline.Builder b = Pipeline.builder()
                .name(config.name())
                .source(source)
                .checkpointStore(db.store())
                .maxBatchEvents(config.maxBatchEvents())
                .handlerRetry(config.handlerRetry())
                .reconnectRetry(config.reconnect())
                .clock(clock);
        config.queueCapacityEvents().ifPresent(b::queueCapacityEvents);
        List<ChangeSink> sinks = new ArrayList<>();
        try {
            for (SinkConfig s : config.sinks()) {
                ChangeSink sink = components.sink(config.name(), s);
                sinks.add(sink);
                b.sink(sink);
            }
            listeners.forEach(b::listener);
            return b.build();
        } catch (ConfigException e) {
            closeQuietly(sinks);
            // the YAML was validated against the same rules: a builder complaint here is a daemon bug, say where
            throw new ConfigException(e.problems().stream().map(p -> "pipeline " + config.name() + ": " + p).toList());
        } catch (RuntimeException e) {
            closeQuietly(sinks);
            throw e;
        }
    }

    private static void closeQuietly(List<ChangeSink> sinks) {
        for (ChangeSink s : sinks) {
            try {
                s.close();
            } catch (Exception ignored) {
                // the build error is what matters to the operator
            }
        }
    }
}
