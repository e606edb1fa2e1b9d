package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.RetryPolicy;
import java.util.List;
import java.util.OptionalInt;

/**
 * One entry of {@code pipelines}.
 *
 * @param queueCapacityEvents empty: the engine's default, see {@link Pipeline.Builder#queueCapacityEvents}
 */
public record PipelineConfig(String name, SourceConfig source, List<SinkConfig> sinks, int maxBatchEvents,
                             OptionalInt queueCapacityEvents, RetryPolicy handlerRetry, RetryPolicy reconnect,
                             CheckpointConfig checkpoint) {
    public PipelineConfig {
        sinks = List.copyOf(sinks);
    }
}
