package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.Kinds;
import dev.tidemark.daemon.internal.config.SinkConfig;
import dev.tidemark.daemon.internal.config.SourceConfig;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.spi.ChangeSource;

/** The real parts: sources and sinks made by their registered kinds, JDBC checkpoint databases. */
public final class DefaultComponents implements Components {
    private final Kinds kinds;

    /** With the kinds Tidemark ships ({@link Kinds#defaults()}). */
    public DefaultComponents() {
        this(Kinds.defaults());
    }

    /** @param kinds the registry the config was bound with */
    public DefaultComponents(Kinds kinds) {
        this.kinds = kinds;
    }

    @Override
    public ChangeSource source(String pipeline, SourceConfig config) {
        return kinds.createSource(pipeline, config);
    }

    @Override
    public ChangeSink sink(String pipeline, SinkConfig config) {
        return kinds.createSink(pipeline, config);
    }

    @Override
    public CheckpointDatabase openCheckpointDatabase(CheckpointConfig config) {
        return JdbcCheckpointDatabase.open(config);
    }
}
