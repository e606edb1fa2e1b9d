package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.SinkConfig;
import dev.tidemark.daemon.internal.config.SourceConfig;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.spi.ChangeSource;

/**
 * The parts a pipeline is assembled from, made from their configuration. {@link DefaultComponents}
 * makes the real ones; tests substitute their own sources, sinks and stores.
 */
public interface Components {

    /** A new, unstarted source; opens no connection yet. */
    ChangeSource source(String pipeline, SourceConfig config);

    /** A new sink; the pipeline opens and closes it. */
    ChangeSink sink(String pipeline, SinkConfig config);

    /**
     * Connects to a checkpoint database. Fails with a {@link dev.tidemark.engine.TidemarkException}
     * that names the database when it cannot be reached.
     */
    CheckpointDatabase openCheckpointDatabase(CheckpointConfig config);
}
