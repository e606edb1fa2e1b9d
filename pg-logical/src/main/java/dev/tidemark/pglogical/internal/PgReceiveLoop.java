package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.spi.Reconnector;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.postgresql.replication.PGReplicationStream;

/**
 * Reads one connection's pgoutput messages and hands each to where it belongs: transaction messages
 * to the assembler, streamed blocks to {@link PgStreamedBlocks}, the idle moments to
 * {@link PgHeartbeats}, and before every read the acknowledged position to {@link PgFeedback}.
 * Invariant: messages reach the assembler in the order the server sent them, each exactly once per
 * connection. Runs on the source thread until the pipeline stops (a graceful end) or the stream fails.
 */
final class PgReceiveLoop {
    private static final long SHORT_PARK_NANOS = 100_000L;
    private static final long LONG_PARK_NANOS = 2_000_000L;
    private static final int SHORT_PARKS = 100;

    private final PGReplicationStream stream;
    private final TransactionAssembler assembler;
    private final PgStreamedBlocks blocks;
    private final PgFeedback feedback;
    private final PgHeartbeats heartbeats;
    private final BooleanSupplier running;
    private final PgOutputParser parser = new PgOutputParser();

    PgReceiveLoop(PGReplicationStream stream, TransactionAssembler assembler, PgStreamedBlocks blocks,
                  PgFeedback feedback, PgHeartbeats heartbeats, BooleanSupplier running) {
        this.stream = stream;
        this.assembler = assembler;
        this.blocks = blocks;
        this.feedback = feedback;
        this.heartbeats = heartbeats;
        this.running = running;
    }

    /** Streams until the pipeline stops; then reports the last acknowledged position and closes the stream. */
    void run(Reconnector.Progress progress) throws SQLException, InterruptedException {
        int idleSpins = 0;
        while (running.getAsBoolean()) {
            feedback.apply(stream);
            ByteBuffer buf = stream.readPending();
            if (buf == null) {
                heartbeats.onIdle(stream, midTransaction(), assembler.lastEmitted());
                idleSpins++;
                LockSupport.parkNanos(idleSpins < SHORT_PARKS ? SHORT_PARK_NANOS : LONG_PARK_NANOS);
                continue;
            }
            idleSpins = 0;
            progress.mark();
            heartbeats.onData();
            long lsn = stream.getLastReceiveLSN().asLong();
            if (!blocks.spilled(parser, buf, lsn)) {
                dispatch(parser.parse(buf), lsn);
            }
        }
        feedback.finish(stream);
    }

    private boolean midTransaction() {
        return assembler.inTransaction() || parser.inStreamBlock();
    }

    private void dispatch(PgMessage m, long lsn) throws InterruptedException {
        if (m instanceof PgMessage.Begin b) {
            assembler.begin(b.finalLsn(), b.xid(), b.commitTimeMicros());
        } else if (m instanceof PgMessage.Commit c) {
            assembler.commit(c.commitLsn());
            heartbeats.afterCommit(stream, midTransaction(), assembler.lastEmitted());
        } else if (m instanceof PgMessage.Relation r) {
            assembler.relation(r);
        } else if (m instanceof PgMessage.Message msg && !msg.transactional()) {
            if (!msg.prefix().equals(TransactionAssembler.HEARTBEAT_PREFIX)) {
                assembler.nonTransactionalMessage(msg, lsn);
            }
        } else if (m instanceof PgMessage.StreamStart ss) {
            blocks.start(ss);
        } else if (m instanceof PgMessage.StreamCommit sc) {
            blocks.commit(sc);
        } else if (m instanceof PgMessage.StreamAbort sa) {
            blocks.abort(sa);
        } else if (m instanceof PgMessage.StreamStop || m instanceof PgMessage.Origin || m instanceof PgMessage.Type) {
            // block boundaries and informational messages
        } else {
            assembler.change(m, lsn);
        }
    }
}
