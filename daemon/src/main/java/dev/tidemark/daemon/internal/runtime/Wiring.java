package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.CheckpointStoreException;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.migrations.TidemarkMigrations;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The only places where the daemon calls classes of the checkpoint and migrations modules, one
 * line each, so that connecting them is a change to this file alone (sinks are made by their kinds,
 * see {@link dev.tidemark.daemon.internal.config.Kinds}).
 */
final class Wiring {
    private Wiring() {
    }

    /**
     * The checkpoint store on {@code database}, whose connections already use {@code schema} as
     * their current schema.
     */
    static CheckpointStore checkpointStore(DataSource database, String schema) {
        // migrations ran before (tidemark run / migrate), so the store never installs by itself here
        return JdbcCheckpointStore.builder(database).schema(schema).autoMigrate(false).build();
    }

    /** Applies the checkpoint schema migrations; {@code schema} exists already. */
    static void migrate(DataSource database, String schema) {
        TidemarkMigrations.apply(database, schema);
    }

    /** Whether {@code schema} holds the checkpoint table. */
    static boolean checkpointTableExists(DataSource database, String schema) throws SQLException {
        try {
            return JdbcCheckpointStore.builder(database).schema(schema).autoMigrate(false).build().tableExists();
        } catch (CheckpointStoreException e) {
            // callers word the failure with the database's URL; give them the SQL error itself
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    /** When the pipeline's checkpoint row was last written, if the store can say. */
    static Optional<Instant> checkpointUpdatedAt(CheckpointStore store, String pipeline) {
        return store instanceof JdbcCheckpointStore jdbc ? jdbc.updatedAt(pipeline) : Optional.empty();
    }
}
