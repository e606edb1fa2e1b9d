package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.Position;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.pglogical.PgSourceConfig;

/** Work in progress: the replication loop. */
public final class PgStreamer {
    public PgStreamer(PgSourceConfig config, SourceContext context) {
    }

    public void run() throws Exception {
        throw new UnsupportedOperationException("not yet");
    }

    public void acknowledge(Position position) {
    }

    public void close() {
    }
}
