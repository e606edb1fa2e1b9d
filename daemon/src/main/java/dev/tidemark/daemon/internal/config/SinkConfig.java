package dev.tidemark.daemon.internal.config;

/**
 * One bound entry of a pipeline's {@code sinks} list. Each {@link SinkKind} has its own record; the
 * {@link Kinds} registry finds the kind again by {@link #type()}.
 */
public interface SinkConfig {

    /** The {@code type} value, the key of its {@link SinkKind}. */
    String type();
}
