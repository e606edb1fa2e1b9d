package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.engine.sink.StdoutSink;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code type: stdout}: one JSON envelope per line on standard output ({@link StdoutSink}). */
final class StdoutSinkKind implements SinkKind<StdoutSinkKind.Config> {
    static final String TYPE = "stdout";

    /** No settings. */
    public record Config() implements SinkConfig {
        @Override
        public String type() {
            return TYPE;
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Optional<Config> bind(ConfigMap s, BindContext context) {
        return Optional.of(new Config());
    }

    @Override
    public List<Claim> claims(String pipeline, Config c) {
        // several pipelines may print; one pipeline printing twice is a mistake
        return List.of(new Claim("", "stdout of pipeline " + pipeline, "stdout",
                "keep one stdout sink per pipeline, a second would print every event twice"));
    }

    @Override
    public ChangeSink create(String pipeline, Config c) {
        return StdoutSink.create(JsonEnvelope.builder().pipeline(pipeline).build());
    }

    @Override
    public String describe(Config c) {
        return TYPE;
    }
}
