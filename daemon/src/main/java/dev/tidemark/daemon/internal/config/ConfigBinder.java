package dev.tidemark.daemon.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the YAML tree into a {@link TidemarkConfig}: key by key, then the rules across keys and
 * pipelines. Every problem is recorded with its key path; the caller throws them all together.
 */
final class ConfigBinder {
    static final Set<String> TOP_KEYS = Set.of("pipelines", "http");
    static final Set<String> HTTP_KEYS = Set.of("port", "bind");
    static final Set<String> PIPELINE_KEYS = Set.of("name", "source", "sinks", "max_batch_events",
            "queue_capacity_events", "handler_retry", "reconnect", "checkpoint");
    static final Set<String> RETRY_KEYS = Set.of("max_attempts", "initial_backoff", "max_backoff", "multiplier");
    static final Set<String> CHECKPOINT_KEYS = Set.of("url", "user", "password", "schema", "auto_migrate");
    static final List<String> SINK_TYPES = List.of("jsonl", "stdout");
    static final Set<String> JSONL_KEYS = Set.of("type", "path");
    static final Set<String> STDOUT_KEYS = Set.of("type");

    /** Same rule as {@link Pipeline.Builder#name}: it becomes part of slot and checkpoint names. */
    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9_]{1,48}");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final List<String> CHECKPOINT_URL_PREFIXES =
            List.of("jdbc:postgresql://", "jdbc:mariadb://", "jdbc:mysql://");
    /** A batch is held in memory whole; beyond this a typo (an extra zero or three) is likelier than intent. */
    static final int MAX_BATCH_EVENTS = 1_000_000;

    private final Problems problems;
    private final EnvSubstitution env;
    private final SourceBinder sources;

    ConfigBinder(Problems problems, EnvSubstitution env, Path workingDirectory) {
        this.problems = problems;
        this.env = env;
        this.sources = new SourceBinder(workingDirectory);
    }

    /** The config, or empty when a problem was recorded. */
    Optional<TidemarkConfig> bind(JsonNode root) {
        Optional<ConfigMap> top = ConfigMap.of(root, "", TOP_KEYS, problems, env);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap t = top.get();
        List<PipelineConfig> pipelines = new ArrayList<>();
        List<String> pipelinePaths = new ArrayList<>();
        if (!t.has("pipelines")) {
            t.problem("pipelines", "missing (required: a list of pipelines, each with a name, a source and sinks)");
        }
        t.list("pipelines").ifPresent(items -> {
            if (items.isEmpty()) {
                t.problem("pipelines", "is empty: configure at least one pipeline");
            }
            for (ConfigMap.Item item : items) {
                item.map(PIPELINE_KEYS).flatMap(this::pipeline).ifPresent(p -> {
                    pipelines.add(p);
                    pipelinePaths.add(item.path());
                });
            }
        });
        Optional<HttpConfig> http = t.map("http", HTTP_KEYS).map(this::http);
        checkAcrossPipelines(pipelines, pipelinePaths);
        return problems.isEmpty() ? Optional.of(new TidemarkConfig(pipelines, http)) : Optional.empty();
    }

    private HttpConfig http(ConfigMap h) {
        int port = h.integer("port", 0, 65_535).orElse(HttpConfig.DEFAULT_PORT);
        String bind = h.text("bind").orElse(HttpConfig.DEFAULT_BIND);
        if (bind.isBlank()) {
            h.problem("bind", "must not be empty (use 127.0.0.1 for local access only, 0.0.0.0 for every interface)");
        }
        return new HttpConfig(bind, port);
    }

    private Optional<PipelineConfig> pipeline(ConfigMap p) {
        Optional<String> name = p.requiredText("name", "lower-case letters, digits and underscores").filter(n -> {
            if (PIPELINE_NAME.matcher(n).matches()) {
                return true;
            }
            p.problem("name", "'" + n + "' is invalid: use 1 to 48 lower-case letters, digits or underscores"
                    + " (it becomes part of the slot and checkpoint names)");
            return false;
        });
        if (!p.has("source")) {
            p.problem("source", "missing (required: a mapping with type, url, user and tables)");
        }
        Optional<SourceConfig> source = p.uncheckedMap("source").flatMap(sources::bind);
        List<SinkConfig> sinks = sinks(p);
        int maxBatch = p.integer("max_batch_events", 1, MAX_BATCH_EVENTS).orElse(Pipeline.Builder.DEFAULT_MAX_BATCH_EVENTS);
        Optional<Integer> queue = p.integer("queue_capacity_events", 1, Integer.MAX_VALUE);
        if (queue.isPresent() && queue.get() < maxBatch) {
            p.problem("queue_capacity_events", "must be at least max_batch_events (" + maxBatch + "), got "
                    + queue.get() + ": a whole batch must fit in the queue");
        }
        RetryPolicy handlerRetry = p.map("handler_retry", RETRY_KEYS).map(r -> retry(r, RetryPolicy.HANDLER_DEFAULT))
                .orElse(RetryPolicy.HANDLER_DEFAULT);
        RetryPolicy reconnect = p.map("reconnect", RETRY_KEYS).map(r -> retry(r, RetryPolicy.RECONNECT_DEFAULT))
                .orElse(RetryPolicy.RECONNECT_DEFAULT);
        Optional<ConfigMap> checkpointMap = p.map("checkpoint", CHECKPOINT_KEYS);
        Optional<CheckpointConfig> checkpoint = source.map(s -> checkpoint(checkpointMap, s.database()));
        if (name.isEmpty() || source.isEmpty() || checkpoint.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PipelineConfig(name.get(), source.get(), sinks, maxBatch,
                queue.map(OptionalInt::of).orElse(OptionalInt.empty()), handlerRetry, reconnect, checkpoint.get()));
    }

    private List<SinkConfig> sinks(ConfigMap p) {
        List<SinkConfig> sinks = new ArrayList<>();
        if (!p.has("sinks")) {
            p.problem("sinks", "missing (required: a list of sinks, e.g. - type: jsonl with a path)");
        }
        p.list("sinks").ifPresent(items -> {
            if (items.isEmpty()) {
                p.problem("sinks", "is empty: configure at least one sink (" + String.join(" or ", SINK_TYPES) + ")");
            }
            boolean stdout = false;
            for (ConfigMap.Item item : items) {
                Optional<SinkConfig> sink = item.uncheckedMap().flatMap(this::sink);
                if (sink.isPresent() && sink.get() instanceof SinkConfig.Stdout) {
                    if (stdout) {
                        p.problems().add(item.path(), "a second stdout sink would print every event twice: keep one");
                        continue;
                    }
                    stdout = true;
                }
                sink.ifPresent(sinks::add);
            }
        });
        return sinks;
    }

    private Optional<SinkConfig> sink(ConfigMap s) {
        Optional<String> type = s.requiredText("type", String.join(" or ", SINK_TYPES));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        switch (type.get()) {
            case "jsonl" -> {
                s.rejectUnknown(JSONL_KEYS);
                return s.requiredText("path", "the file to append to, e.g. out/events.jsonl")
                        .flatMap(v -> sources.path(s, "path", v)).map(SinkConfig.Jsonl::new);
            }
            case "stdout" -> {
                s.rejectUnknown(STDOUT_KEYS);
                return Optional.of(new SinkConfig.Stdout());
            }
            default -> {
                String hint = Suggestions.closest(type.get(), SINK_TYPES).map(t -> " (did you mean '" + t + "'?)").orElse("");
                s.problem("type", "expected one of " + String.join(", ", SINK_TYPES) + ", got '" + type.get() + "'" + hint);
                return Optional.empty();
            }
        }
    }

    private RetryPolicy retry(ConfigMap r, RetryPolicy defaults) {
        int attempts = r.integer("max_attempts", 0, Integer.MAX_VALUE).orElse(defaults.maxAttempts());
        Duration initial = r.duration("initial_backoff", true).orElse(defaults.initialBackoff());
        Duration max = r.duration("max_backoff", false).orElse(defaults.maxBackoff());
        double multiplier = r.decimal("multiplier", 1.0).orElse(defaults.multiplier());
        if (initial.compareTo(max) > 0) {
            r.problem("initial_backoff", "(" + Durations.format(initial) + ") must not exceed max_backoff ("
                    + Durations.format(max) + ")");
            return defaults;
        }
        return new RetryPolicy(attempts, initial, max, multiplier);
    }

    /** Each of url, user and password defaults to the source's, so by default checkpoints live beside the data. */
    private CheckpointConfig checkpoint(Optional<ConfigMap> section, JdbcTarget source) {
        if (section.isEmpty()) {
            return new CheckpointConfig(source, CheckpointConfig.DEFAULT_SCHEMA, true);
        }
        ConfigMap c = section.get();
        String url = c.text("url").filter(u -> {
            if (CHECKPOINT_URL_PREFIXES.stream().anyMatch(u::startsWith)) {
                return true;
            }
            c.problem("url", "'" + u + "' is not a supported JDBC url: use jdbc:postgresql://host:port/database"
                    + " or jdbc:mariadb://host:port/ (MySQL and MariaDB)");
            return false;
        }).orElse(source.url());
        String user = c.text("user").orElse(source.user());
        Secret password = c.secret("password").orElse(source.password());
        String schema = c.text("schema").filter(s -> {
            if (SCHEMA.matcher(s).matches()) {
                return true;
            }
            c.problem("schema", "'" + s + "' is invalid: use 1 to 63 lower-case letters, digits and underscores,"
                    + " not starting with a digit");
            return false;
        }).orElse(CheckpointConfig.DEFAULT_SCHEMA);
        boolean autoMigrate = c.bool("auto_migrate").orElse(true);
        return new CheckpointConfig(new JdbcTarget(url, user, password), schema, autoMigrate);
    }

    /** Rules between pipelines: names, files, slots and MySQL server ids must not be shared. */
    private void checkAcrossPipelines(List<PipelineConfig> pipelines, List<String> paths) {
        Map<String, String> names = new HashMap<>();
        Map<Path, String> files = new HashMap<>();
        Map<String, String> slots = new HashMap<>();
        Map<String, String> serverIds = new HashMap<>();
        for (int i = 0; i < pipelines.size(); i++) {
            PipelineConfig p = pipelines.get(i);
            String at = paths.get(i);
            String earlier = names.putIfAbsent(p.name(), at);
            if (earlier != null) {
                problems.add(at + ".name", "duplicate pipeline name '" + p.name() + "' (also " + earlier
                        + ".name): pipeline names must be unique");
            }
            for (int j = 0; j < p.sinks().size(); j++) {
                if (p.sinks().get(j) instanceof SinkConfig.Jsonl jsonl) {
                    String here = at + ".sinks[" + j + "]";
                    String other = files.putIfAbsent(jsonl.path(), here);
                    if (other != null) {
                        problems.add(here + ".path", "'" + jsonl.path() + "' is already written by " + other
                                + ": give each jsonl sink its own file");
                    }
                }
            }
            if (p.source() instanceof SourceConfig.Postgres pg) {
                String key = pg.database().url() + " " + pg.slotFor(p.name());
                String other = slots.putIfAbsent(key, at);
                if (other != null) {
                    problems.add(at + ".source.slot", "slot '" + pg.slotFor(p.name()) + "' on " + pg.database().url()
                            + " is also used by " + other + ": each pipeline needs its own slot");
                }
            }
            if (p.source() instanceof SourceConfig.Mysql my && my.serverId().isPresent()) {
                // a second binlog client with the same server id makes the server drop the first
                long id = my.serverId().getAsLong();
                String server = serverAddress(my.database().url());
                String other = serverIds.putIfAbsent(server + " " + id, at);
                if (other != null) {
                    problems.add(at + ".source.server_id", "server_id " + id + " on " + server
                            + " is also used by " + other + ": give each pipeline its own server_id, or leave it out"
                            + " to derive one from the pipeline name");
                }
            }
        }
    }

    /** {@code host:port} of a {@code jdbc:mariadb://} or {@code jdbc:mysql://} url: one server whatever the database. */
    static String serverAddress(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String hostPort = rest.substring(0, end);
        return hostPort.matches(".*:\\d+") ? hostPort : hostPort + ":3306";
    }
}
