package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.spi.ChangeSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code source.type}: everything the daemon knows about it in one class. Adding a source
 * kind is one implementation plus one {@link Kinds#with(SourceKind)}. Its check ({@code tidemark
 * check}) and status ({@code tidemark status}) come from the {@link ChangeSource} it creates
 * ({@link ChangeSource#check}, {@link ChangeSource#inspect}).
 *
 * <p>Binding hands every value to the source's own builder and records the builder's complaints
 * at their key paths: the rules live in the builder, once.
 *
 * @param <C> the kind's config record
 */
public interface SourceKind<C extends SourceConfig> {

    /** The {@code type} value; lower case. */
    String type();

    /** The record {@link #bind} returns, to hand a {@link SourceConfig} back to its kind typed. */
    Class<C> configType();

    /** The keys allowed beside {@code type}. */
    Set<String> keys();

    /**
     * Reads the section (unknown keys are already reported); every problem goes to the map's
     * problems with its key path.
     *
     * @return the config, or empty when a problem was recorded
     */
    Optional<C> bind(ConfigMap source, BindContext context);

    /** What this source may not share with another pipeline of the file (slots, server ids). */
    List<Claim> claims(String pipeline, C config);

    /** A new, unstarted source; opens no connection yet. */
    ChangeSource create(String pipeline, C config);

    /** One line, defaults filled in, passwords masked, for the log at start: starts with the type. */
    String describe(String pipeline, C config);
}
