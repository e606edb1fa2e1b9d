package dev.tidemark.engine;

import java.sql.Connection;
import java.util.Optional;

/**
 * Durable storage of pipeline checkpoints, keyed by pipeline name. Implementations must be safe to
 * call from the pipeline thread while another thread (status reporting) loads.
 */
public interface CheckpointStore {

    /** The last checkpoint saved for the pipeline, or empty when it never ran. */
    Optional<Checkpoint> load(String pipeline);

    /** Saves durably: when this returns, a crash keeps the checkpoint. */
    void save(String pipeline, Checkpoint checkpoint);

    /**
     * Saves through the caller's open transaction, to be committed by the caller together with its
     * own writes. Only stores kept in a JDBC database support this.
     */
    default void save(String pipeline, Checkpoint checkpoint, Connection transaction) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot join a JDBC transaction; use JdbcCheckpointStore for exactly-once JDBC handlers");
    }

    /** Whether {@link #save(String, Checkpoint, Connection)} is supported. */
    default boolean supportsTransactions() {
        return false;
    }

    /**
     * A store that keeps checkpoints in this JVM only. Nothing survives a restart: for tests and
     * throwaway pipelines, never where changes must not be lost.
     */
    static CheckpointStore inMemory() {
        return new dev.tidemark.engine.internal.InMemoryCheckpointStore();
    }
}
