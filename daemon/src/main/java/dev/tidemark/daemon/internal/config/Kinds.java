package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.spi.ChangeSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of source and sink kinds, keyed by {@code type}: binding, claims, construction
 * and description of a source or sink all go through its entry here, never through a switch
 * over types. Immutable; {@link #with} returns a new registry.
 */
public final class Kinds {
    private final Map<String, SourceKind<?>> sources;
    private final Map<String, SinkKind<?>> sinks;

    private Kinds(Map<String, SourceKind<?>> sources, Map<String, SinkKind<?>> sinks) {
        this.sources = sources;
        this.sinks = sinks;
    }

    /** No kinds at all. */
    public static Kinds none() {
        return new Kinds(Map.of(), Map.of());
    }

    /** What Tidemark ships: sources {@code postgres}, {@code mysql}; sinks {@code jsonl}, {@code stdout}. */
    public static Kinds defaults() {
        return none()
                .with(new PostgresSourceKind())
                .with(new MysqlSourceKind())
                .with(new JsonlSinkKind())
                .with(new StdoutSinkKind());
    }

    /** This registry plus {@code kind}; its type must be new. */
    public Kinds with(SourceKind<?> kind) {
        return new Kinds(plus(sources, kind.type(), kind, "source"), sinks);
    }

    /** This registry plus {@code kind}; its type must be new. */
    public Kinds with(SinkKind<?> kind) {
        return new Kinds(sources, plus(sinks, kind.type(), kind, "sink"));
    }

    private static <K> Map<String, K> plus(Map<String, K> map, String type, K kind, String what) {
        if (map.containsKey(type)) {
            throw new IllegalArgumentException("a " + what + " kind of type '" + type + "' is registered already");
        }
        Map<String, K> copy = new LinkedHashMap<>(map);
        copy.put(type, kind);
        return copy;
    }

    /** Source types in registration order. */
    public List<String> sourceTypes() {
        return List.copyOf(sources.keySet());
    }

    /** Sink types in registration order. */
    public List<String> sinkTypes() {
        return List.copyOf(sinks.keySet());
    }

    // ---- binding (config package only)

    Optional<SourceConfig> bindSource(ConfigMap s, BindContext context) {
        return kind(s, sources, sourceTypes()).flatMap(k -> bind(k, s, context));
    }

    Optional<SinkConfig> bindSink(ConfigMap s, BindContext context) {
        return kind(s, sinks, sinkTypes()).flatMap(k -> bind(k, s, context));
    }

    private static <C extends SourceConfig> Optional<SourceConfig> bind(SourceKind<C> kind, ConfigMap s,
                                                                         BindContext context) {
        s.rejectUnknown(withType(kind.keys()));
        return kind.bind(s, context).map(SourceConfig.class::cast);
    }

    private static <C extends SinkConfig> Optional<SinkConfig> bind(SinkKind<C> kind, ConfigMap s, BindContext context) {
        s.rejectUnknown(withType(kind.keys()));
        return kind.bind(s, context).map(SinkConfig.class::cast);
    }

    private static Set<String> withType(Set<String> keys) {
        Set<String> all = new TreeSet<>(keys);
        all.add("type");
        return all;
    }

    /** The kind named by the map's {@code type}; an unknown or missing type is a problem, with a suggestion. */
    private static <K> Optional<K> kind(ConfigMap s, Map<String, K> kinds, List<String> types) {
        Optional<String> type = s.requiredText("type", String.join(" or ", types));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        K kind = kinds.get(type.get());
        if (kind == null) {
            String hint = Suggestions.closest(type.get(), types).map(t -> " (did you mean '" + t + "'?)").orElse("");
            s.problem("type", "expected one of " + String.join(", ", types) + ", got '" + type.get() + "'" + hint);
            return Optional.empty();
        }
        return Optional.of(kind);
    }

    // ---- typed calls on a bound config: the kind is found again by its type

    /** A new, unstarted source for the config. */
    public ChangeSource createSource(String pipeline, SourceConfig config) {
        return create(source(config), pipeline, config);
    }

    /** A new sink for the config. */
    public ChangeSink createSink(String pipeline, SinkConfig config) {
        return create(sink(config), pipeline, config);
    }

    List<Claim> claims(String pipeline, SourceConfig config) {
        return claims(source(config), pipeline, config);
    }

    List<Claim> claims(String pipeline, SinkConfig config) {
        return claims(sink(config), pipeline, config);
    }

    String describe(String pipeline, SourceConfig config) {
        return describe(source(config), pipeline, config);
    }

    String describe(SinkConfig config) {
        return describe(sink(config), config);
    }

    private SourceKind<?> source(SourceConfig config) {
        SourceKind<?> kind = sources.get(config.type());
        if (kind == null) {
            throw new IllegalStateException("no source kind '" + config.type() + "' in this registry: "
                    + "the config was bound with another one");
        }
        return kind;
    }

    private SinkKind<?> sink(SinkConfig config) {
        SinkKind<?> kind = sinks.get(config.type());
        if (kind == null) {
            throw new IllegalStateException("no sink kind '" + config.type() + "' in this registry: "
                    + "the config was bound with another one");
        }
        return kind;
    }

    private static <C extends SourceConfig> ChangeSource create(SourceKind<C> k, String pipeline, SourceConfig c) {
        return k.create(pipeline, k.configType().cast(c));
    }

    private static <C extends SinkConfig> ChangeSink create(SinkKind<C> k, String pipeline, SinkConfig c) {
        return k.create(pipeline, k.configType().cast(c));
    }

    private static <C extends SourceConfig> List<Claim> claims(SourceKind<C> k, String pipeline, SourceConfig c) {
        return k.claims(pipeline, k.configType().cast(c));
    }

    private static <C extends SinkConfig> List<Claim> claims(SinkKind<C> k, String pipeline, SinkConfig c) {
        return k.claims(pipeline, k.configType().cast(c));
    }

    private static <C extends SourceConfig> String describe(SourceKind<C> k, String pipeline, SourceConfig c) {
        return k.describe(pipeline, k.configType().cast(c));
    }

    private static <C extends SinkConfig> String describe(SinkKind<C> k, SinkConfig c) {
        return k.describe(k.configType().cast(c));
    }
}
