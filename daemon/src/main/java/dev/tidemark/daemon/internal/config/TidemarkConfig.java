package dev.tidemark.daemon.internal.config;

import java.util.List;
import java.util.Optional;

/**
 * The validated contents of a {@code tidemark.yaml}: what {@link ConfigLoader} returns once every
 * key passed its checks. Immutable; passwords are {@link Secret}s, so {@code toString} is safe to log.
 *
 * @param pipelines at least one, with distinct names, in file order
 * @param http      the health and metrics endpoint; empty when the {@code http} section is absent
 */
public record TidemarkConfig(List<PipelineConfig> pipelines, Optional<HttpConfig> http) {
    public TidemarkConfig {
        pipelines = List.copyOf(pipelines);
    }

    /** The pipeline of that name, if configured. */
    public Optional<PipelineConfig> pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
