package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.ChangeSink;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code sinks[].type}: everything the daemon knows about it in one class. Adding a sink kind
 * is one implementation plus one {@link Kinds#with(SinkKind)}.
 *
 * @param <C> the kind's config record
 */
public interface SinkKind<C extends SinkConfig> {

    /** The {@code type} value; lower case. */
    String type();

    /** The record {@link #bind} returns. */
    Class<C> configType();

    /** The keys allowed beside {@code type}. */
    Set<String> keys();

    /**
     * Reads the entry (unknown keys are already reported); problems go to the map with their key paths.
     *
     * @return the config, or empty when a problem was recorded
     */
    Optional<C> bind(ConfigMap sink, BindContext context);

    /** What this sink may not share: with other sinks of the file (a file) or of its pipeline. */
    List<Claim> claims(String pipeline, C config);

    /** A new sink; the pipeline opens and closes it. */
    ChangeSink create(String pipeline, C config);

    /** A few words for the log at start: starts with the type. */
    String describe(C config);
}
