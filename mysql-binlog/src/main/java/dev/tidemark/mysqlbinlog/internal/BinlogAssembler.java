package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.Transaction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns binlog event groups (transactions) into {@link Transaction}s, after their XID or COMMIT.
 *
 * <p>A group starts at its GTID event (MySQL GTID or ANONYMOUS_GTID, MariaDB GTID) or, without one,
 * at {@code BEGIN}; it ends at XID, at a {@code COMMIT}/{@code ROLLBACK} query (non-transactional
 * engines), or right after its one statement (DDL). Rows of captured tables are decoded and held
 * until the end; once a group holds {@code maxBatchEvents} rows, its further rows events are kept
 * raw in a {@link TxSpill} file and decoded only after the commit, so the heap never holds more than
 * the bound. Rows events of other tables are never decoded.
 *
 * <p>Event {@code i} (1-based, counting the captured rows of the group) belongs to part
 * {@code (i-1)/maxBatchEvents}; positions are {@code (GTID set after the group, file, offset of the
 * group's first event, i)}. Events at or before {@link #skipUpTo} (emitted before a reconnect, or
 * checkpointed before a restart) are dropped; a group with captured rows always gets its last part
 * emitted, so its end is checkpointed. Single-threaded: the binlog client's thread calls it.
 */
final class BinlogAssembler {
    interface Emitter {
        void emit(Transaction tx) throws InterruptedException;
    }

    /** Where a resumed stream must start: the group at this offset, with this GTID (mid-transaction resume). */
    record ExpectedStart(String file, long offset, GtidSet gtidsAfter) {
    }

    private final Flavor flavor;
    private final int maxBatchEvents;
    private final CapturedTables captured;
    private final TableSchemas schemas;
    private final Path spillDir;
    private final Emitter emitter;
    private final Consumer<String> warner;

    private String file;
    private GtidSet tracked;
    private BinlogPosition skipUpTo;
    private BinlogPosition lastCompleted;
    private ExpectedStart expected;
    private Group g;
    private long spilledTransactions;

    /** The open group. */
    private static final class Group {
        String file;
        long offset;
        String gtid;
        GtidSet after;
        String afterText;
        boolean inTransaction;
        long commitMicros;
        boolean skipAll;
        final Map<Long, TableMap> tables = new HashMap<>(4);
        List<Pending> pending = new ArrayList<>();
        long index;
        TxSpill spill;
    }

    /** A decoded row change waiting for its group's commit. */
    private record Pending(Operation op, TableSchema schema, TableId truncated, Object[] before, Object[] after, long index,
                           long serverId, long eventPosition, int row) {
    }

    BinlogAssembler(Flavor flavor, int maxBatchEvents, CapturedTables captured, TableSchemas schemas, Path spillDir,
                    Emitter emitter, Consumer<String> warner, GtidSet tracked, BinlogPosition skipUpTo, String file) {
        this.flavor = flavor;
        this.maxBatchEvents = maxBatchEvents;
        this.captured = captured;
        this.schemas = schemas;
        this.spillDir = spillDir;
        this.emitter = emitter;
        this.warner = warner;
        this.tracked = tracked;
        this.skipUpTo = skipUpTo;
        this.file = file;
    }

    void expectStart(ExpectedStart e) {
        this.expected = e;
    }

    /** The GTIDs executed up to the last completed group. */
    GtidSet tracked() {
        return tracked;
    }

    /** The end of the last completed group, captured or not; null before the first. */
    BinlogPosition lastCompleted() {
        return lastCompleted;
    }

    /** The last position emitted (or the checkpoint), to skip after a reconnect. */
    BinlogPosition skipUpTo() {
        return skipUpTo;
    }

    String file() {
        return file;
    }

    boolean inGroup() {
        return g != null;
    }

    long spilledTransactions() {
        return spilledTransactions;
    }

    // ------------------------------------------------------------------ events

    void rotate(String nextFile) {
        this.file = nextFile;
    }

    /** A GTID event: MySQL {@code uuid:n} (or null for ANONYMOUS_GTID), MariaDB {@code d-s-n}. */
    void gtid(long offset, String gtid, boolean standalone, long commitMicros, long eventTimeMillis) throws InterruptedException {
        if (g != null) {
            warner.accept("binlog group at " + g.file + ":" + g.offset + " (" + g.gtid + ") ended without XID or COMMIT"
                    + " before the next GTID at " + file + ":" + offset + "; treating it as committed");
            commit(eventTimeMillis);
        }
        start(offset, gtid);
        g.commitMicros = commitMicros;
        // MariaDB writes no BEGIN: a non-standalone GTID opens a transaction; a MySQL transaction says BEGIN
        g.inTransaction = flavor == Flavor.MARIADB && !standalone;
    }

    void query(long offset, String database, String sql, long eventTimeMillis) throws InterruptedException {
        String s = sql.strip();
        String upper = s.length() > 32 ? s.substring(0, 32).toUpperCase(java.util.Locale.ROOT) : s.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("BEGIN") || upper.startsWith("START TRANSACTION")) {
            if (g == null) {
                start(offset, null);
            }
            g.inTransaction = true;
            return;
        }
        if (upper.equals("COMMIT") || upper.equals("ROLLBACK")) {
            // ROLLBACK in the binlog closes a group whose non-transactional changes stay applied
            if (g != null) {
                commit(eventTimeMillis);
            }
            return;
        }
        if (upper.startsWith("XA COMMIT") || upper.startsWith("XA ROLLBACK")) {
            // the second half of an XA transaction: its rows came with the XA PREPARE group
            if (g == null) {
                start(offset, null);
            }
            commit(eventTimeMillis);
            return;
        }
        if (upper.startsWith("SAVEPOINT") || upper.startsWith("ROLLBACK TO") || upper.startsWith("XA ")) {
            return;
        }
        if (upper.startsWith("INSERT") || upper.startsWith("UPDATE") || upper.startsWith("DELETE")
                || upper.startsWith("REPLACE") || upper.startsWith("LOAD DATA")) {
            // a session logged with binlog_format=STATEMENT/MIXED: its row values are not in the binlog
            warner.accept("the binlog has statement-logged changes: a session runs with binlog_format other than ROW, and rows it"
                    + " changes are not captured; make sure no session sets binlog_format (SET GLOBAL binlog_format=ROW and"
                    + " restrict SESSION_VARIABLES_ADMIN/SUPER)");
            if (g == null) {
                start(offset, null);
            }
            if (!g.inTransaction) {
                commit(eventTimeMillis);
            }
            return;
        }
        // DDL (or a statement logged as such): table definitions may have changed
        schemas.invalidateAll();
        if (g == null) {
            start(offset, null);
        }
        TableId truncated = Ddl.truncatedTable(s, database);
        if (truncated != null && captured.contains(truncated.database(), truncated.table()) && !g.skipAll) {
            long i = ++g.index;
            g.pending.add(new Pending(Operation.TRUNCATE, null, truncated, null, null, i, 0, offset, 0));
        }
        if (!g.inTransaction) {
            commit(eventTimeMillis);
        }
    }

    void tableMap(byte[] body) {
        TableMap tm = TableMapParser.parse(body, flavor);
        if (g == null) {
            warner.accept("TABLE_MAP for " + tm.database() + "." + tm.table() + " outside a transaction in " + file);
            return;
        }
        g.tables.put(tm.tableId(), tm);
    }

    void rows(int typeCode, long serverId, long position, byte[] body) throws InterruptedException {
        if (g == null) {
            throw new BinlogFormatException("rows event at " + file + ":" + position + " outside a transaction");
        }
        long tableId = RowsDecoder.tableId(body);
        TableMap tm = g.tables.get(tableId);
        if (tm == null) {
            throw new BinlogFormatException("rows event at " + file + ":" + position + " for table id " + tableId
                    + " without its TABLE_MAP in the same transaction");
        }
        if (!captured.contains(tm.database(), tm.table()) || g.skipAll) {
            return;
        }
        if (g.spill != null) {
            g.spill.append(typeCode, serverId, position, body);
            return;
        }
        TableSchema schema = schemas.resolve(tm);
        // decoded straight onto the group's list (a list per rows event, grown row by row, was a
        // tenth of the source thread's time); taken off again if the group goes to disk
        List<Pending> pending = g.pending;
        int start = pending.size();
        long base = g.index;
        try {
            RowsDecoder.decode(typeCode, body, schema, (op, before, after, row) ->
                    pending.add(new Pending(op, schema, null, before, after, base + (pending.size() - start) + 1,
                            serverId, position, row)));
        } catch (RuntimeException e) {
            pending.subList(start, pending.size()).clear();
            throw e;
        }
        if (pending.size() > maxBatchEvents) {
            // past the in-memory bound: from here on the group's rows wait on disk, undecoded
            pending.subList(start, pending.size()).clear();
            g.spill = new TxSpill(spillDir);
            g.spill.append(typeCode, serverId, position, body);
            spilledTransactions++;
            return;
        }
        g.index += pending.size() - start;
    }

    void xid(long eventTimeMillis) throws InterruptedException {
        if (g == null) {
            warner.accept("XID outside a transaction in " + file + "; ignored");
            return;
        }
        commit(eventTimeMillis);
    }

    /** A lost connection: the open group is read again after reconnecting. */
    void abandon() {
        if (g != null && g.spill != null) {
            g.spill.close();
        }
        g = null;
    }

    // ------------------------------------------------------------------ groups

    private void start(long offset, String gtid) {
        g = new Group();
        g.file = file;
        g.offset = offset;
        g.gtid = gtid;
        g.after = gtid == null ? tracked : withGtid(gtid);
        g.afterText = g.after.toString();
        BinlogPosition end = new BinlogPosition(g.afterText, file, offset, BinlogPosition.TX_END);
        g.skipAll = skipUpTo != null && end.compareTo(skipUpTo) <= 0;
        if (expected != null) {
            ExpectedStart e = expected;
            expected = null;
            boolean sameGroup = e.file().equals(file) && e.offset() == offset
                    && (e.gtidsAfter().isEmpty() || (gtid != null && e.gtidsAfter().endsWith(gtid)));
            if (!sameGroup) {
                throw new CheckpointConflictException("the checkpoint lies inside a transaction that was delivered in"
                        + " parts: the transaction starting at " + e.file() + ":" + e.offset() + (e.gtidsAfter().isEmpty() ? ""
                        : " (GTIDs after it: " + e.gtidsAfter() + ")") + ", but this server has "
                        + (gtid == null ? "another event" : "GTID " + gtid) + " at " + file + ":" + offset
                        + ". A transaction cut in parts can only be resumed on the server it was read from: point the"
                        + " pipeline back at that server until the transaction is complete, or re-snapshot the tables"
                        + " and delete the pipeline's checkpoint");
            }
        }
    }

    private GtidSet withGtid(String gtid) {
        if (tracked instanceof MariaDbGtidSet m && !m.endsWith(gtid)) {
            MariaDbGtidSet.Gtid next = MariaDbGtidSet.Gtid.parse(gtid);
            MariaDbGtidSet.Gtid last = m.domains().get(next.domain());
            if (last != null && Long.compareUnsigned(next.seq(), last.seq()) <= 0) {
                throw new TidemarkException("GTID " + gtid + " follows " + last + " in domain " + next.domain()
                        + ": the binlog's sequence numbers go backwards (several servers writing one domain with"
                        + " gtid_strict_mode=OFF), and a GTID position cannot describe where such a stream stands."
                        + " Give each writing server its own gtid_domain_id and set gtid_strict_mode=ON");
            }
        }
        return tracked.with(gtid);
    }

    private void commit(long eventTimeMillis) throws InterruptedException {
        Group grp = g;
        g = null;
        tracked = grp.after;
        BinlogPosition end = new BinlogPosition(grp.afterText, grp.file, grp.offset, BinlogPosition.TX_END);
        lastCompleted = end;
        try {
            if (grp.skipAll || grp.index == 0 && grp.spill == null) {
                return;
            }
            Instant commitTime = grp.commitMicros > 0
                    ? Instant.ofEpochSecond(grp.commitMicros / 1_000_000, (grp.commitMicros % 1_000_000) * 1000)
                    : Instant.ofEpochMilli(eventTimeMillis);
            Parts parts = new Parts(grp, commitTime);
            for (Pending p : grp.pending) {
                parts.add(p);
            }
            grp.pending = null;
            if (grp.spill != null) {
                grp.spill.replay(e -> {
                    TableMap tm = grp.tables.get(RowsDecoder.tableId(e.body()));
                    TableSchema schema = schemas.resolve(tm);
                    RowsDecoder.decode(e.typeCode(), e.body(), schema, (op, before, after, row) ->
                            parts.add(new Pending(op, schema, null, before, after, ++grp.index, e.serverId(), e.position(), row)));
                });
            }
            parts.finish(end);
        } finally {
            if (grp.spill != null) {
                grp.spill.close();
            }
        }
    }

    /** Builds the parts of one committed group and emits them. */
    private final class Parts {
        private final Group grp;
        private final Instant commitTime;
        private final String txId;
        /**
         * Whether some of the group's events may lie at or before {@link #skipUpTo} (a resume inside
         * this transaction): only then is each event's position compared. Positions of one group
         * differ in their index alone, so the first one decides; comparing every event would cost a
         * parse of the GTID set per row.
         */
        private final boolean checkEach;
        private List<ChangeEvent> buffer;
        private long firstIndex;
        private long lastIndex;

        Parts(Group grp, Instant commitTime) {
            this.grp = grp;
            this.commitTime = commitTime;
            this.txId = grp.gtid != null ? grp.gtid : grp.file + ":" + grp.offset;
            this.checkEach = skipUpTo != null
                    && new BinlogPosition(grp.afterText, grp.file, grp.offset, 1).compareTo(skipUpTo) <= 0;
            // the rows decoded so far are known; a spilled group fills whole parts
            this.buffer = new ArrayList<>((int) Math.min(maxBatchEvents, grp.spill != null ? maxBatchEvents
                    : Math.max(1, grp.pending.size())));
        }

        void add(Pending p) throws InterruptedException {
            long i = p.index();
            lastIndex = i;
            BinlogPosition pos = new BinlogPosition(grp.afterText, grp.file, grp.offset, i);
            if (checkEach && pos.compareTo(skipUpTo) <= 0) {
                return;
            }
            if (!buffer.isEmpty() && (i - 1) % maxBatchEvents == 0) {
                flush();
            }
            if (buffer.isEmpty()) {
                firstIndex = i;
            }
            SourceInfo.Binlog info = new SourceInfo.Binlog(flavor.connector(), p.serverId(),
                    grp.gtid == null ? "" : grp.gtid, grp.file, p.eventPosition(), p.row());
            ChangeEvent e;
            if (p.op() == Operation.TRUNCATE) {
                e = ChangeEvent.row(Operation.TRUNCATE, p.truncated(), null, null, pos, txId, commitTime, i, info);
            } else {
                Row before = p.before() == null ? null : Row.wrap(p.schema().rowSchema(), p.before());
                Row after = p.after() == null ? null : Row.wrap(p.schema().rowSchema(), p.after());
                e = ChangeEvent.row(p.op(), p.schema().id(), before, after, pos, txId, commitTime, i, info);
            }
            buffer.add(e);
        }

        private void flush() throws InterruptedException {
            List<ChangeEvent> events = buffer;
            buffer = new ArrayList<>(maxBatchEvents);
            BinlogPosition end = (BinlogPosition) events.get(events.size() - 1).position();
            Transaction tx = new Transaction(txId, commitTime, events, end, (int) ((firstIndex - 1) / maxBatchEvents), false);
            skipUpTo = end;
            emitter.emit(tx);
        }

        void finish(BinlogPosition end) throws InterruptedException {
            long part = buffer.isEmpty() ? (lastIndex == 0 ? 0 : (lastIndex - 1) / maxBatchEvents)
                    : (firstIndex - 1) / maxBatchEvents;
            Transaction tx = new Transaction(txId, commitTime, buffer, end, (int) part, true);
            buffer = null;
            skipUpTo = end;
            emitter.emit(tx);
        }
    }
}
