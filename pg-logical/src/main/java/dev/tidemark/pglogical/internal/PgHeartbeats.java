package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.pglogical.PgSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stream that carries nothing for us releasing WAL. Invariants: at most one heartbeat
 * checkpoint per heartbeat interval of the pipeline's clock; one is reported only between
 * transactions and streamed blocks, past what was emitted and past the previous one; a heartbeat
 * message is written into our own WAL only when the stream was idle for a whole interval. Time comes
 * from the pipeline's clock; a clock set back counts as an interval elapsed.
 */
final class PgHeartbeats {
    private static final Logger log = LoggerFactory.getLogger(PgHeartbeats.class);

    private final PgSourceConfig config;
    private final SourceContext ctx;
    private final Clock clock;
    private final long intervalMs;
    /** False once the server refused pg_logical_emit_message: for the life of the source, not one connection. */
    private boolean messages = true;
    private Connection catalog;
    private long lastHeartbeat;
    private long lastData;
    private long lastLsn;

    PgHeartbeats(PgSourceConfig config, SourceContext ctx) {
        this.config = config;
        this.ctx = ctx;
        this.clock = ctx.clock();
        this.intervalMs = config.heartbeatInterval().toMillis();
    }

    /** A new connection, whose catalog connection writes the heartbeat messages. */
    void begin(Connection catalog) {
        this.catalog = catalog;
        long now = clock.millis();
        lastHeartbeat = now;
        lastData = now;
        lastLsn = 0;
    }

    /** A message arrived. */
    void onData() {
        lastData = clock.millis();
    }

    /**
     * Nothing to read: on a quiet database, writes a message into our own WAL so that the stream
     * moves even when the server sends no keepalive past other databases' WAL; then checkpoints
     * the position reached when an interval passed.
     */
    void onIdle(PGReplicationStream stream, boolean midTransaction, PgPosition emitted) {
        long now = clock.millis();
        if (due(now, lastHeartbeat)) {
            if (due(now, lastData)) {
                emitMessage();
            }
            checkpoint(stream, midTransaction, emitted, now);
        }
    }

    /** A transaction committed: a busy stream of changes we do not capture must still release WAL. */
    void afterCommit(PGReplicationStream stream, boolean midTransaction, PgPosition emitted) {
        long now = clock.millis();
        if (due(now, lastHeartbeat)) {
            checkpoint(stream, midTransaction, emitted, now);
        }
    }

    private boolean due(long now, long since) {
        return now - since >= intervalMs || now < since;
    }

    /** Checkpoints (through the pipeline, in order) the position the stream has reached, when no transaction is open. */
    private void checkpoint(PGReplicationStream stream, boolean midTransaction, PgPosition emitted, long now) {
        lastHeartbeat = now;
        if (midTransaction) {
            return;
        }
        long received = stream.getLastReceiveLSN().asLong();
        if (Long.compareUnsigned(received, lastLsn) > 0
                && (emitted == null || Long.compareUnsigned(received, emitted.commitLsn().value()) > 0)
                && ctx.heartbeat(PgPosition.endOf(new Lsn(received)))) {
            lastLsn = received;
        }
    }

    private void emitMessage() {
        if (!messages) {
            return;
        }
        try {
            new PgCatalog(catalog).emitHeartbeat();
        } catch (SQLException e) {
            messages = false;
            String msg = "cannot write heartbeat messages (pg_logical_emit_message: " + e.getMessage()
                    + "); an idle stream then advances only on the server's keepalives; GRANT EXECUTE ON FUNCTION"
                    + " pg_logical_emit_message(boolean, text, text) TO " + SqlDialect.POSTGRESQL.quote(config.user()) + " to enable them";
            log.warn("pipeline {}: {}", ctx.pipelineName(), msg);
            ctx.listener().onWarning(ctx.pipelineName(), msg);
        }
    }
}
