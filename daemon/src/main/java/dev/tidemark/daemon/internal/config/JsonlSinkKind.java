package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.engine.sink.JsonlSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code type: jsonl}: one JSON envelope per line appended to a file, exactly-once ({@link JsonlSink}). */
final class JsonlSinkKind implements SinkKind<JsonlSinkKind.Config> {
    static final String TYPE = "jsonl";

    /** @param path absolute, resolved from the configured path against the working directory */
    public record Config(Path path) implements SinkConfig {
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
        return Set.of("path");
    }

    @Override
    public Optional<Config> bind(ConfigMap s, BindContext context) {
        return s.requiredText("path", "the file to append to, e.g. out/events.jsonl")
                .flatMap(v -> context.path(s, "path", v)).map(Config::new);
    }

    @Override
    public List<Claim> claims(String pipeline, Config c) {
        return List.of(new Claim("path", "file " + c.path(), "'" + c.path() + "'", "give each jsonl sink its own file"));
    }

    @Override
    public ChangeSink create(String pipeline, Config c) {
        return JsonlSink.create(c.path(), JsonEnvelope.builder().pipeline(pipeline).build());
    }

    @Override
    public String describe(Config c) {
        return TYPE + " " + c.path();
    }
}
