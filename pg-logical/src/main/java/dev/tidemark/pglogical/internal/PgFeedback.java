package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * What the server is told the pipeline has durably handled, through the stream's flush and
 * applied LSN. Invariant: the LSN sent is the commit LSN of the last transaction the pipeline
 * checkpointed whole (or a heartbeat position past it), never more, and it only grows.
 * {@link #acknowledge} and {@link #latestCheckpointed} are safe from any thread; the rest runs on
 * the source thread.
 */
final class PgFeedback {
    private final AtomicReference<PgPosition> acked = new AtomicReference<>();
    private final PgPosition resumeAfter;
    /** The LSN last set on the current connection's stream; 0 before any. */
    private long sent;

    PgFeedback(PgPosition resumeAfter) {
        this.resumeAfter = resumeAfter;
    }

    void acknowledge(Position position) {
        PgPosition p = (PgPosition) position;
        acked.accumulateAndGet(p, (a, b) -> a == null || b.compareTo(a) > 0 ? b : a);
    }

    /** The later of the checkpoint the pipeline started from and what it acknowledged since; null if neither. */
    PgPosition latestCheckpointed() {
        PgPosition a = acked.get();
        if (a == null) {
            return resumeAfter;
        }
        return resumeAfter == null || a.compareTo(resumeAfter) > 0 ? a : resumeAfter;
    }

    /** A new connection: nothing sent on it yet. */
    void begin() {
        sent = 0;
    }

    /** Sets the acknowledged commit LSN on the stream when it moved; pgjdbc sends it with its next status. */
    void apply(PGReplicationStream stream) {
        PgPosition p = acked.get();
        if (p == null) {
            return;
        }
        long lsn = p.isTransactionEnd() ? p.commitLsn().value() : 0;
        if (lsn != 0 && Long.compareUnsigned(lsn, sent) > 0) {
            LogSequenceNumber l = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(l);
            stream.setAppliedLSN(l);
            sent = lsn;
        }
    }

    /** Graceful end: reports the last acknowledged position at once, then closes the stream. */
    void finish(PGReplicationStream stream) throws SQLException {
        apply(stream);
        stream.forceUpdateStatus();
        stream.close();
    }
}
