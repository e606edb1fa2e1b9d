package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.engine.CheckpointStore;
import java.time.Instant;
import java.util.Optional;

/** A connected checkpoint database: its store, its schema migrations, its connections. */
public interface CheckpointDatabase extends AutoCloseable {

    /** The store, shared by every pipeline whose checkpoints live here. */
    CheckpointStore store();

    /** Creates or upgrades the checkpoint table; safe to repeat. */
    void migrate();

    /**
     * Whether the checkpoint table exists yet (before the first {@link #migrate()} it does not).
     * Stores without a table of their own answer true.
     */
    default boolean hasCheckpointTable() {
        return true;
    }

    /** When the pipeline's checkpoint was last written, if the store records it. */
    default Optional<Instant> updatedAt(String pipeline) {
        return Optional.empty();
    }

    /** Closes the connections; the store must not be used afterwards. */
    @Override
    void close();
}
