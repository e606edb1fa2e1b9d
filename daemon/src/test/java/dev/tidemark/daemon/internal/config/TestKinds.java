package dev.tidemark.daemon.internal.config;

import dev.tidemark.daemon.internal.runtime.ScriptedSource;
import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.spi.ChangeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kinds that exist only in tests, each written the way a new kind is: one class implementing the
 * kind interface, registered with {@link Kinds#with}. Nothing else in the daemon knows them.
 */
final class TestKinds {
    private TestKinds() {
    }

    /** {@code type: memory}: counts the events written under its {@code name}, which it claims file-wide. */
    static final class MemorySink implements SinkKind<MemorySink.Config> {
        /** Events written, by sink name. */
        final Map<String, AtomicInteger> written = new ConcurrentHashMap<>();

        record Config(String name) implements SinkConfig {
            @Override
            public String type() {
                return "memory";
            }
        }

        @Override
        public String type() {
            return "memory";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public Set<String> keys() {
            return Set.of("name");
        }

        @Override
        public Optional<Config> bind(ConfigMap sink, BindContext context) {
            return sink.requiredText("name", "the counter's name").map(Config::new);
        }

        @Override
        public List<Claim> claims(String pipeline, Config config) {
            return List.of(new Claim("name", "memory " + config.name(), "memory sink '" + config.name() + "'",
                    "name each memory sink differently"));
        }

        @Override
        public ChangeSink create(String pipeline, Config config) {
            AtomicInteger counter = written.computeIfAbsent(config.name(), n -> new AtomicInteger());
            return new ChangeSink() {
                @Override
                public String id() {
                    return "memory:" + config.name();
                }

                @Override
                public void open(Optional<String> committedState) {
                }

                @Override
                public Optional<String> write(ChangeBatch batch) {
                    counter.addAndGet(batch.size());
                    return Optional.empty();
                }
            };
        }

        @Override
        public String describe(Config config) {
            return "memory " + config.name();
        }
    }

    /** {@code type: scripted}: a {@link ScriptedSource} emitting {@code transactions} of two events. */
    static final class Scripted implements SourceKind<Scripted.Config> {
        static final JdbcTarget NOWHERE = new JdbcTarget("jdbc:postgresql://scripted/none", "nobody", Secret.EMPTY);

        record Config(int transactions) implements SourceConfig {
            @Override
            public String type() {
                return "scripted";
            }

            @Override
            public JdbcTarget database() {
                return NOWHERE;
            }
        }

        @Override
        public String type() {
            return "scripted";
        }

        @Override
        public Class<Config> configType() {
            return Config.class;
        }

        @Override
        public Set<String> keys() {
            return Set.of("transactions");
        }

        @Override
        public Optional<Config> bind(ConfigMap source, BindContext context) {
            return Optional.of(new Config(source.integer("transactions", 0, 1000).orElse(0)));
        }

        @Override
        public List<Claim> claims(String pipeline, Config config) {
            return List.of();
        }

        @Override
        public ChangeSource create(String pipeline, Config config) {
            return ScriptedSource.emitting(config.transactions(), 2);
        }

        @Override
        public String describe(String pipeline, Config config) {
            return "scripted " + config.transactions() + " transactions";
        }
    }
}
