package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.LogicalMessage;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.sql.SqlDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns decoded pgoutput messages of committed transactions into {@link Transaction} parts.
 *
 * <p>Event {@code i} (1-based) of a transaction belongs to part {@code (i-1)/maxBatchEvents}, so the
 * split is the same however often the server resends the transaction. Events at or before
 * {@link #skipUpTo} were already emitted (before a reconnect) or checkpointed (before a restart)
 * and are dropped here; a transaction's last part is always emitted so its end can be checkpointed.
 */
final class TransactionAssembler {
    static final String HEARTBEAT_PREFIX = "tidemark_heartbeat";
    private static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    interface Emitter {
        void emit(Transaction tx) throws InterruptedException;
    }

    private final int maxBatchEvents;
    private final Emitter emitter;
    private final Consumer<String> warner;
    private final Map<Integer, RelationInfo> relations = new HashMap<>();
    private final Set<Integer> warnedIdentity = new java.util.HashSet<>();
    private final RelationFactory relationFactory;

    private PgPosition skipUpTo;
    // the open transaction
    private boolean open;
    private long commitLsn;
    private long xid;
    private Instant commitTime;
    private String txId;
    private long index;
    private List<ChangeEvent> buffer = new ArrayList<>();
    private long bufferFirstIndex;

    interface RelationFactory {
        RelationInfo create(PgMessage.Relation r);
    }

    TransactionAssembler(int maxBatchEvents, Emitter emitter, Consumer<String> warner,
                         RelationFactory relationFactory, PgPosition skipUpTo) {
        this.maxBatchEvents = maxBatchEvents;
        this.emitter = emitter;
        this.warner = warner;
        this.relationFactory = relationFactory;
        this.skipUpTo = skipUpTo;
    }

    static Instant pgTime(long micros) {
        long m = micros + PG_EPOCH_OFFSET_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }

    boolean inTransaction() {
        return open;
    }

    /** The last position emitted, to skip on a resend. */
    PgPosition lastEmitted() {
        return skipUpTo;
    }

    void relation(PgMessage.Relation r) {
        RelationInfo info = relationFactory.create(r);
        relations.put(r.oid(), info);
        if (info.captured && r.replicaIdentity() != 'f' && warnedIdentity.add(r.oid())) {
            String what = switch (r.replicaIdentity()) {
                case 'd' -> info.keyIndexes.length == 0
                        ? "REPLICA IDENTITY DEFAULT without a primary key: updates and deletes carry no old values at all"
                        : "REPLICA IDENTITY DEFAULT: updates and deletes carry the primary key only as 'before'";
                case 'n' -> "REPLICA IDENTITY NOTHING: updates and deletes carry no old values";
                case 'i' -> "REPLICA IDENTITY USING INDEX: updates and deletes carry the index columns only as 'before'";
                default -> "REPLICA IDENTITY '" + r.replicaIdentity() + "'";
            };
            warner.accept("table " + info.table + " has " + what + "; run ALTER TABLE " + SqlDialect.POSTGRESQL.quote(info.table.schema())
                    + "." + SqlDialect.POSTGRESQL.quote(info.table.table()) + " REPLICA IDENTITY FULL to get whole old rows");
        }
    }

    void begin(long finalLsn, long xid, long commitTimeMicros) {
        if (open) {
            throw new TidemarkException("pgoutput protocol error: BEGIN inside an open transaction (xid " + this.xid + ")");
        }
        open = true;
        this.commitLsn = finalLsn;
        this.xid = xid;
        this.commitTime = pgTime(commitTimeMicros);
        this.txId = xid + ":" + finalLsn;
        this.index = 0;
        this.buffer = new ArrayList<>(Math.min(maxBatchEvents, 1024));
    }

    void change(PgMessage m, long lsn) throws InterruptedException {
        if (!open) {
            throw new TidemarkException("pgoutput protocol error: a change outside a transaction: " + m.getClass().getSimpleName());
        }
        if (m instanceof PgMessage.Insert ins) {
            RelationInfo r = relation(ins.relationOid());
            if (r.captured) {
                add(Operation.CREATE, r.table, null, row(r, ins.newTuple(), null), lsn, null);
            }
        } else if (m instanceof PgMessage.Update up) {
            RelationInfo r = relation(up.relationOid());
            if (r.captured) {
                Row before = up.oldKind() == 'O' ? row(r, up.oldTuple(), null)
                        : up.oldKind() == 'K' ? keyRow(r, up.oldTuple()) : null;
                Row after = row(r, up.newTuple(), up.oldKind() == 'O' ? up.oldTuple() : null);
                add(Operation.UPDATE, r.table, before, after, lsn, null);
            }
        } else if (m instanceof PgMessage.Delete del) {
            RelationInfo r = relation(del.relationOid());
            if (r.captured) {
                Row before = del.oldKind() == 'O' ? row(r, del.oldTuple(), null) : keyRow(r, del.oldTuple());
                add(Operation.DELETE, r.table, before, null, lsn, null);
            }
        } else if (m instanceof PgMessage.Truncate t) {
            for (int oid : t.relationOids()) {
                RelationInfo r = relation(oid);
                if (r.captured) {
                    add(Operation.TRUNCATE, r.table, null, null, lsn, null);
                }
            }
        } else if (m instanceof PgMessage.Message msg) {
            if (!msg.prefix().equals(HEARTBEAT_PREFIX)) {
                add(Operation.MESSAGE, null, null, null, msg.lsn(), new LogicalMessage(msg.prefix(), msg.content(), true));
            }
        } else {
            throw new IllegalArgumentException("not a change: " + m);
        }
    }

    void commit(long commitLsn) throws InterruptedException {
        if (!open) {
            throw new TidemarkException("pgoutput protocol error: COMMIT without BEGIN");
        }
        if (commitLsn != this.commitLsn) {
            throw new TidemarkException("pgoutput protocol error: COMMIT at " + new Lsn(commitLsn)
                    + " for a transaction that began with final LSN " + new Lsn(this.commitLsn));
        }
        open = false;
        PgPosition end = PgPosition.endOf(new Lsn(commitLsn));
        if (index == 0 || (skipUpTo != null && end.compareTo(skipUpTo) <= 0)) {
            // nothing captured (only other tables, or PostgreSQL < 15 sending empty transactions), or
            // already handled: nothing to deliver; the stream's heartbeats acknowledge past it
            buffer = null;
            return;
        }
        long part = buffer.isEmpty() ? (index == 0 ? 0 : (index - 1) / maxBatchEvents) : (bufferFirstIndex - 1) / maxBatchEvents;
        Transaction tx = new Transaction(txId, commitTime, buffer, end, (int) part, true);
        buffer = null;
        emitter.emit(tx);
        // only once handed over: an emit cut short by a lost connection must be resent after the reconnect
        skipUpTo = end;
    }

    /** A message written outside any transaction becomes a transaction of its own. */
    void nonTransactionalMessage(PgMessage.Message msg, long lsn) throws InterruptedException {
        Lsn at = new Lsn(msg.lsn());
        PgPosition end = PgPosition.endOf(at);
        if (skipUpTo != null && end.compareTo(skipUpTo) <= 0) {
            return;
        }
        Instant now = Instant.now();
        ChangeEvent e = new ChangeEvent(Operation.MESSAGE, null, null, null, new PgPosition(at, 1), null, now, 0,
                new SourceInfo.Pg(0, at), new LogicalMessage(msg.prefix(), msg.content(), false));
        emitter.emit(new Transaction(null, now, List.of(e), end, 0, true));
        skipUpTo = end;
    }

    /** Forget an open transaction after a lost connection; the server will resend it whole. */
    void abandon() {
        open = false;
        buffer = null;
    }

    private void add(Operation op, TableId table, Row before, Row after, long lsn, LogicalMessage message)
            throws InterruptedException {
        long i = ++index;
        PgPosition pos = new PgPosition(new Lsn(commitLsn), i);
        if (skipUpTo != null && pos.compareTo(skipUpTo) <= 0) {
            return;
        }
        if (!buffer.isEmpty() && (i - 1) % maxBatchEvents == 0) {
            flushPart();
        }
        if (buffer.isEmpty()) {
            bufferFirstIndex = i;
        }
        buffer.add(new ChangeEvent(op, table, before, after, pos, txId, commitTime, i,
                new SourceInfo.Pg(xid, new Lsn(lsn)), message));
    }

    private void flushPart() throws InterruptedException {
        List<ChangeEvent> events = buffer;
        buffer = new ArrayList<>(Math.min(maxBatchEvents, 1024));
        ChangeEvent last = events.get(events.size() - 1);
        PgPosition end = (PgPosition) last.position();
        Transaction tx = new Transaction(txId, commitTime, events, end, (int) ((bufferFirstIndex - 1) / maxBatchEvents), false);
        emitter.emit(tx);
        skipUpTo = end;
    }

    private RelationInfo relation(int oid) {
        RelationInfo r = relations.get(oid);
        if (r == null) {
            throw new TidemarkException("pgoutput protocol error: change for relation " + oid + " before its Relation message");
        }
        return r;
    }

    private static Row row(RelationInfo r, PgMessage.Tuple t, PgMessage.Tuple old) {
        int n = r.schema.size();
        if (t.kinds().length != n) {
            throw new TidemarkException("pgoutput protocol error: tuple of " + t.kinds().length + " columns for "
                    + r.table + " with " + n + " columns");
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = value(r, t, i, old);
        }
        return Row.wrap(r.schema, values);
    }

    private static Object value(RelationInfo r, PgMessage.Tuple t, int i, PgMessage.Tuple old) {
        switch (t.kinds()[i]) {
            case 'n':
                return null;
            case 'u':
                // unchanged TOAST value: the old row has it only with REPLICA IDENTITY FULL
                if (old != null && i < old.kinds().length && old.kinds()[i] == 't') {
                    return r.decoders[i].decode(old.values()[i]);
                }
                return old != null && i < old.kinds().length && old.kinds()[i] == 'n' ? null : Row.UNAVAILABLE;
            default:
                return r.decoders[i].decode(t.values()[i]);
        }
    }

    private static Row keyRow(RelationInfo r, PgMessage.Tuple t) {
        int[] idx = r.keyIndexes;
        Object[] values = new Object[idx.length];
        for (int k = 0; k < idx.length; k++) {
            values[k] = value(r, t, idx[k], null);
        }
        return Row.wrap(r.keySchema, values);
    }
}
