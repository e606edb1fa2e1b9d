package dev.tidemark.daemon.internal.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * A part's state for {@code /health} and the runtime's report.
 *
 * @param section the section key, e.g. {@code pipelines}: {@code /health} groups parts under it
 * @param kind    what a part of the section is called in messages, e.g. {@code pipeline}
 * @param name    the part's name
 * @param state   where it is in its life
 * @param details its progress for {@code /health}, in order (values: strings, numbers or null)
 * @param failure why it failed, when {@link State#FAILED}
 */
public record PartStatus(String section, String kind, String name, State state, Map<String, Object> details,
                         Optional<Throwable> failure) {

    /** The life of a part; only {@link #RUNNING} is healthy. */
    public enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

    public PartStatus {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** {@code pipeline shop}. */
    public String label() {
        return kind + " " + name;
    }
}
