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

    /** When the pipeline's checkpoint was last written, if the store records it. */
    default Optional<Instant> updatedAt(String pipeline) {
        return Optional.empty();
    }

    /** Closes the connections; the store must not be used afterwards. */
    @Override
    void close();
}
