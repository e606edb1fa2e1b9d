package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.JdbcUrls;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.spi.SourceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code pipelines} section: a list of pipelines, each a source (one of the registered source
 * kinds) and sinks (of the sink kinds). The pipeline's own settings are judged by
 * {@link Pipeline#builder()}, the sources' and sinks' by their kinds.
 */
public final class PipelinesSection implements SectionKind<PipelinesSection.Config> {
    public static final String KEY = "pipelines";
    static final Set<String> PIPELINE_KEYS = Set.of("name", "source", "sinks", "max_batch_events",
            "queue_capacity_events", "handler_retry", "reconnect", "checkpoint");
    static final Set<String> RETRY_KEYS = Set.of("max_attempts", "initial_backoff", "max_backoff", "multiplier");
    static final Set<String> CHECKPOINT_KEYS = Set.of("url", "user", "password", "schema", "auto_migrate");
    /** A batch is held in memory whole; beyond this a typo (an extra zero or three) is likelier than intent. */
    static final int MAX_BATCH_EVENTS = 1_000_000;
    private static final List<String> CHECKPOINT_URL_PREFIXES =
            List.of("jdbc:postgresql://", "jdbc:mariadb://", "jdbc:mysql://");

    private final Kinds kinds;

    /** @param kinds the source and sink kinds pipelines may use */
    public PipelinesSection(Kinds kinds) {
        this.kinds = kinds;
    }

    /** The bound section: at least one pipeline, names distinct, in file order. */
    public record Config(List<PipelineConfig> pipelines) {
        public Config {
            pipelines = List.copyOf(pipelines);
        }
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public String hint() {
        return "a list of pipelines, each with a name, a source and sinks";
    }

    /** The kinds this section binds sources and sinks with. */
    public Kinds kinds() {
        return kinds;
    }

    @Override
    public Optional<Config> bind(ConfigMap top, BindContext context) {
        int before = top.problems().count();
        List<PipelineConfig> pipelines = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        top.list(KEY).ifPresent(items -> {
            if (items.isEmpty()) {
                top.problem(KEY, "is empty: configure at least one pipeline");
            }
            for (ConfigMap.Item item : items) {
                item.map(PIPELINE_KEYS).flatMap(p -> pipeline(p, context)).ifPresent(p -> {
                    pipelines.add(p);
                    paths.add(item.path());
                });
            }
        });
        checkAcrossPipelines(top.problems(), pipelines, paths);
        return top.problems().count() == before ? Optional.of(new Config(pipelines)) : Optional.empty();
    }

    private Optional<PipelineConfig> pipeline(ConfigMap p, BindContext context) {
        int before = p.problems().count();
        Optional<String> name = p.requiredText("name", "lower-case letters, digits and underscores")
                .filter(n -> p.check("name", () -> Pipeline.builder().name(n)));
        if (!p.has("source")) {
            p.problem("source", "missing (required: a mapping with type, url, user and tables)");
        }
        Optional<SourceConfig> source = p.uncheckedMap("source").flatMap(s -> kinds.bindSource(s, context));
        List<SinkConfig> sinks = sinks(p, context);
        int maxBatch = p.integer("max_batch_events", 1, MAX_BATCH_EVENTS).orElse(Pipeline.Builder.DEFAULT_MAX_BATCH_EVENTS);
        Optional<Integer> queue = p.integer("queue_capacity_events", Integer.MIN_VALUE, Integer.MAX_VALUE);
        RetryPolicy handlerRetry = p.map("handler_retry", RETRY_KEYS).flatMap(r -> retry(r, RetryPolicy.HANDLER_DEFAULT))
                .orElse(RetryPolicy.HANDLER_DEFAULT);
        RetryPolicy reconnect = p.map("reconnect", RETRY_KEYS).flatMap(r -> retry(r, RetryPolicy.RECONNECT_DEFAULT))
                .orElse(RetryPolicy.RECONNECT_DEFAULT);
        Optional<ConfigMap> checkpointMap = p.map("checkpoint", CHECKPOINT_KEYS);
        Optional<CheckpointConfig> checkpoint = checkpoint(checkpointMap, source.map(SourceConfig::database));
        // the engine's rules across the pipeline's settings (the queue holds a batch): build() judges them,
        // on a builder of their own with stand-ins for the parts, which it only stores; the result is dropped
        Pipeline.Builder settings = Pipeline.builder().name("settings").maxBatchEvents(maxBatch)
                .handlerRetry(handlerRetry).reconnectRetry(reconnect)
                .source(NO_SOURCE).checkpointStore(CheckpointStore.inMemory()).handler(batch -> { });
        if (queue.isPresent() && p.check("queue_capacity_events", () -> settings.queueCapacityEvents(queue.get()))) {
            p.checkWhole(settings::build);
        }
        if (p.problems().count() != before || name.isEmpty() || source.isEmpty() || checkpoint.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PipelineConfig(name.get(), source.get(), sinks, maxBatch,
                queue.map(OptionalInt::of).orElse(OptionalInt.empty()), handlerRetry, reconnect, checkpoint.get()));
    }

    private List<SinkConfig> sinks(ConfigMap p, BindContext context) {
        List<SinkConfig> sinks = new ArrayList<>();
        if (!p.has("sinks")) {
            p.problem("sinks", "missing (required: a list of sinks, e.g. - type: jsonl with a path)");
        }
        p.list("sinks").ifPresent(items -> {
            if (items.isEmpty()) {
                p.problem("sinks", "is empty: configure at least one sink (" + String.join(" or ", kinds.sinkTypes()) + ")");
            }
            for (ConfigMap.Item item : items) {
                item.uncheckedMap().flatMap(s -> kinds.bindSink(s, context)).ifPresent(sinks::add);
            }
        });
        return sinks;
    }

    /** The policy, or empty with the problem recorded; {@link RetryPolicy} judges the values together. */
    private static Optional<RetryPolicy> retry(ConfigMap r, RetryPolicy defaults) {
        int attempts = r.integer("max_attempts", 0, Integer.MAX_VALUE).orElse(defaults.maxAttempts());
        Duration initial = r.duration("initial_backoff", true).orElse(defaults.initialBackoff());
        Duration max = r.duration("max_backoff", false).orElse(defaults.maxBackoff());
        double multiplier = r.decimal("multiplier", 1.0).orElse(defaults.multiplier());
        try {
            return Optional.of(new RetryPolicy(attempts, initial, max, multiplier));
        } catch (IllegalArgumentException e) {
            r.problems().add(r.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Each of url, user and password defaults to the source's, so by default checkpoints live beside
     * the data. The keys are checked even when the source is not usable; the result then is empty.
     */
    private static Optional<CheckpointConfig> checkpoint(Optional<ConfigMap> section, Optional<JdbcTarget> source) {
        if (section.isEmpty()) {
            return source.map(s -> new CheckpointConfig(s, CheckpointConfig.DEFAULT_SCHEMA, true));
        }
        ConfigMap c = section.get();
        Optional<String> url = c.text("url").filter(u -> {
            if (CHECKPOINT_URL_PREFIXES.stream().anyMatch(u::startsWith)) {
                return true;
            }
            c.problem("url", "'" + JdbcUrls.redact(u) + "' is not a supported JDBC url: use jdbc:postgresql://host:port/database"
                    + " or jdbc:mariadb://host:port/ (MySQL and MariaDB)");
            return false;
        });
        Optional<String> user = c.text("user");
        Optional<Secret> password = c.secret("password");
        String schema = c.text("schema").filter(s -> c.check("schema", () -> JdbcCheckpointStore.checkSchema("schema", s)))
                .orElse(CheckpointConfig.DEFAULT_SCHEMA);
        boolean autoMigrate = c.bool("auto_migrate").orElse(true);
        return source.map(s -> new CheckpointConfig(new JdbcTarget(url.orElse(s.url()), user.orElse(s.user()),
                password.orElse(s.password())), schema, autoMigrate));
    }

    /**
     * Rules between pipelines: names must differ, and what a source or sink claims (a slot, a
     * server id, a file) must not be claimed twice.
     */
    private void checkAcrossPipelines(Problems problems, List<PipelineConfig> pipelines, List<String> paths) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> claimed = new HashMap<>();
        for (int i = 0; i < pipelines.size(); i++) {
            PipelineConfig p = pipelines.get(i);
            String at = paths.get(i);
            String earlier = names.putIfAbsent(p.name(), at);
            if (earlier != null) {
                problems.add(at + ".name", "duplicate pipeline name '" + p.name() + "' (also " + earlier
                        + ".name): pipeline names must be unique");
                continue; // its claims (named after the pipeline) would only repeat this problem
            }
            for (int j = 0; j < p.sinks().size(); j++) {
                String sinkAt = at + ".sinks[" + j + "]";
                for (Claim c : kinds.claims(p.name(), p.sinks().get(j))) {
                    claim(problems, claimed, c, sinkAt, sinkAt);
                }
            }
            for (Claim c : kinds.claims(p.name(), p.source())) {
                claim(problems, claimed, c, at, at + ".source");
            }
        }
    }

    private static void claim(Problems problems, Map<String, String> claimed, Claim c, String owner, String section) {
        String other = claimed.putIfAbsent(c.id(), owner);
        if (other != null) {
            problems.add(c.key().isEmpty() ? section : section + "." + c.key(), c.conflictWith(other));
        }
    }

    @Override
    public List<String> describe(Config config) {
        return config.pipelines().stream().map(this::describe).toList();
    }

    String describe(PipelineConfig p) {
        StringBuilder sb = new StringBuilder("pipeline ").append(p.name()).append(": source ")
                .append(kinds.describe(p.name(), p.source()));
        sb.append("; sinks ").append(String.join(", ", p.sinks().stream().map(kinds::describe).toList()));
        sb.append("; max_batch_events ").append(p.maxBatchEvents())
                .append(", queue_capacity_events ").append(p.queueCapacityEvents().isPresent()
                        ? String.valueOf(p.queueCapacityEvents().getAsInt()) : "(engine default)")
                .append("; handler_retry ").append(describe(p.handlerRetry()))
                .append("; reconnect ").append(describe(p.reconnect()))
                .append("; checkpoint ").append(p.checkpoint().database()).append(", schema ")
                .append(p.checkpoint().schema()).append(", auto_migrate ").append(p.checkpoint().autoMigrate());
        return sb.toString();
    }

    private static String describe(RetryPolicy r) {
        return (r.maxAttempts() == 0 ? "forever" : r.maxAttempts() + " attempts") + " backoff "
                + Durations.format(r.initialBackoff()) + ".." + Durations.format(r.maxBackoff()) + " x" + r.multiplier();
    }

    /** Stands in for the source when {@link Pipeline.Builder#build()} judges the settings; never run. */
    private static final ChangeSource NO_SOURCE = new ChangeSource() {
        @Override
        public String connector() {
            return "none";
        }

        @Override
        public void run(SourceContext context) {
            throw new IllegalStateException("a stand-in for validation only");
        }

        @Override
        public void acknowledge(Position position) {
        }
    };
}
