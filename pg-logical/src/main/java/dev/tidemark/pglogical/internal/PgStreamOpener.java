package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.pglogical.PgSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;

/**
 * Starts pgoutput on a replication connection. Invariants: the protocol version follows what the
 * server can do (v2 with large transactions streamed from PostgreSQL 14 when streaming is AUTO, v1
 * otherwise); feedback is never automatic (only {@link PgFeedback} says what was flushed); the
 * stream starts at the prepared position, or at the slot's when there is none.
 */
final class PgStreamOpener {
    /** A started stream and how it was asked for. */
    record Opened(PGReplicationStream stream, int protoVersion, boolean streaming) {
    }

    private final PgSourceConfig config;
    private final String slot;
    private final String publication;

    PgStreamOpener(PgSourceConfig config, String slot, String publication) {
        this.config = config;
        this.slot = slot;
        this.publication = publication;
    }

    Opened open(Connection replication, PgSetup.Prepared prepared) throws SQLException {
        boolean streaming = config.streaming() == PgSourceConfig.Streaming.AUTO && prepared.serverVersionNum() >= 140000;
        int version = streaming ? 2 : 1;
        ChainedLogicalStreamBuilder b = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                .logical()
                .withSlotName(slot)
                .withSlotOption("proto_version", version)
                .withSlotOption("publication_names", SqlDialect.POSTGRESQL.quote(publication))
                .withSlotOption("messages", true)
                .withStatusInterval((int) config.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
                .withAutomaticFlush(false);
        if (streaming) {
            b.withSlotOption("streaming", true);
        }
        Lsn start = prepared.start();
        if (start.isValid()) {
            b.withStartPosition(LogSequenceNumber.valueOf(start.value()));
        }
        return new Opened(b.start(), version, streaming);
    }
}
