package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.JdbcCheckpointStore;

/**
 * Where a pipeline stores its checkpoints.
 *
 * @param database    the database holding the checkpoint table; by default the source database
 * @param schema      the schema of the checkpoint table; default {@value #DEFAULT_SCHEMA}
 * @param autoMigrate whether {@code tidemark run} creates or upgrades the checkpoint table itself
 *                    before starting (default true); when false, run {@code tidemark migrate} first
 */
public record CheckpointConfig(JdbcTarget database, String schema, boolean autoMigrate) {
    public static final String DEFAULT_SCHEMA = JdbcCheckpointStore.DEFAULT_SCHEMA;
}
