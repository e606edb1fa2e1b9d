package dev.tidemark.daemon.internal.config;

import java.util.List;
import java.util.Optional;

/**
 * One top-level section of a configuration that the daemon runs ({@code pipelines}; later
 * {@code views}, {@code outboxes}): its key, how it binds, how it describes itself. A config holds
 * any of the registered sections, at least one. The runtime side of a section (its parts) is a
 * {@code runtime.SectionHost} registered for the same kind.
 *
 * @param <T> the bound section
 */
public interface SectionKind<T> {

    /** The top-level key. */
    String key();

    /** The bound type, to hand a section back to its kind typed. */
    Class<T> configType();

    /** What the section holds, for "add ..." messages, e.g. {@code a list of pipelines, each with ...}. */
    String hint();

    /**
     * Reads the value at {@link #key()} (present); every problem goes to {@code top}'s problems with
     * its key path, including rules across the section's entries.
     *
     * @return the section, or empty when a problem was recorded
     */
    Optional<T> bind(ConfigMap top, BindContext context);

    /** Lines for the log at start, defaults filled in, passwords masked. */
    List<String> describe(T config);
}
