package dev.tidemark.daemon.internal.config;

import java.util.List;
import java.util.Optional;

/**
 * The validated contents of a {@code tidemark.yaml}: what {@link ConfigLoader} returns once every
 * key passed its checks. Immutable; passwords are {@link Secret}s, so {@code toString} is safe to log.
 *
 * @param sections the sections present (at least one), in the order of their registry
 * @param http     the health and metrics endpoint; empty when the {@code http} section is absent
 */
public record TidemarkConfig(List<Section<?>> sections, Optional<HttpConfig> http) {
    public TidemarkConfig {
        sections = List.copyOf(sections);
    }

    /** A bound section with its kind. */
    public record Section<T>(SectionKind<T> kind, T config) {
        /** Its lines for the log at start. */
        public List<String> describe() {
            return kind.describe(config);
        }
    }

    /** The bound section of that kind (matched by key), if the file has it. */
    public <T> Optional<T> section(SectionKind<T> kind) {
        return sections.stream().filter(s -> s.kind().key().equals(kind.key())).findFirst()
                .map(s -> kind.configType().cast(s.config()));
    }

    /** The pipelines, in file order; empty when the file has no {@code pipelines} section. */
    public List<PipelineConfig> pipelines() {
        return sections.stream().filter(s -> s.kind().key().equals(PipelinesSection.KEY)).findFirst()
                .map(s -> PipelinesSection.Config.class.cast(s.config()).pipelines()).orElse(List.of());
    }

    /** The pipeline of that name, if configured. */
    public Optional<PipelineConfig> pipeline(String name) {
        return pipelines().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
