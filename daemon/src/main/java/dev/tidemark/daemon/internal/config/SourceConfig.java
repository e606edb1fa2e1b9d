package dev.tidemark.daemon.internal.config;

/**
 * A pipeline's bound {@code source} section. Each {@link SourceKind} has its own record; the
 * {@link Kinds} registry finds the kind again by {@link #type()}.
 */
public interface SourceConfig {

    /** The {@code type} value, the key of its {@link SourceKind}. */
    String type();

    /** The source database; by default also where the pipeline's checkpoints live. */
    JdbcTarget database();
}
