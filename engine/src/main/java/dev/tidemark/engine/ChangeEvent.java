package dev.tidemark.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One change, the same for every source.
 *
 * @param op          what happened
 * @param table       the table changed; null only for {@link Operation#MESSAGE}
 * @param before      the old row: whole for REPLICA IDENTITY FULL / binlog FULL images; for
 *                    PostgreSQL's default identity a row of the key columns only (its schema holds
 *                    just those), and for an update only when the key changed; null for inserts
 * @param after       the new row; null for deletes, truncates and messages
 * @param position    where the event stands; resuming from it skips this event
 * @param txId        the transaction's id (PostgreSQL {@code xid:commitLsn}, MySQL GTID), or null
 *                    for a message sent outside a transaction
 * @param commitTime  when the transaction committed (or the message was received, outside one)
 * @param totalOrder  1-based index of the event in its transaction; 0 outside a transaction
 * @param source      source-specific provenance for the envelope's {@code source} block
 * @param message     the message, for {@link Operation#MESSAGE} only
 */
public record ChangeEvent(
        Operation op,
        TableId table,
        Row before,
        Row after,
        Position position,
        String txId,
        Instant commitTime,
        long totalOrder,
        SourceInfo source,
        LogicalMessage message) {

    public ChangeEvent {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(source, "source");
        if (op == Operation.MESSAGE) {
            Objects.requireNonNull(message, "message events carry a message");
        } else {
            Objects.requireNonNull(table, "table");
            if (message != null) {
                throw new IllegalArgumentException("only message events carry a message");
            }
        }
        switch (op) {
            case CREATE, READ -> require(after != null && before == null, op, "an after row and no before row");
            case UPDATE -> require(after != null, op, "an after row");
            case DELETE -> require(before != null && after == null, op, "a before row and no after row");
            case TRUNCATE, MESSAGE -> require(before == null && after == null, op, "no rows");
        }
    }

    private static void require(boolean ok, Operation op, String what) {
        if (!ok) {
            throw new IllegalArgumentException(op + " events carry " + what);
        }
    }

    /** Convenience factory for row changes inside a transaction. */
    public static ChangeEvent row(Operation op, TableId table, Row before, Row after, Position position,
                                  String txId, Instant commitTime, long totalOrder, SourceInfo source) {
        return new ChangeEvent(op, table, before, after, position, txId, commitTime, totalOrder, source, null);
    }
}
