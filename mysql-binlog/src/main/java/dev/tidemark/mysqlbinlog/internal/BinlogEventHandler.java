package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.spi.Reconnector;
import dev.tidemark.engine.spi.SourceContext;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands one connection's binlog events to the assembler, on the client's thread (ours: the source
 * thread inside {@code connect()}). Invariant: after the first failure, recorded in {@code failure}
 * because the client swallows what a listener throws, every later event is ignored, so nothing is
 * ever assembled past an event that was not. Between events, checkpoints the end of the last
 * completed transaction at most once per heartbeat interval of the pipeline's clock, so that an idle
 * or filtered stream still moves.
 */
final class BinlogEventHandler implements BinaryLogClient.EventListener {
    private final SourceContext ctx;
    private final BinlogAssembler assembler;
    private final AtomicReference<Throwable> failure;
    private final Reconnector.Progress progress;
    private final BinlogLiveness liveness;
    private final Consumer<String> warnOnce;
    private final String url;
    private final Clock clock;
    private final long heartbeatMs;
    private long lastHeartbeatCheck;
    private BinlogPosition lastHeartbeat;

    BinlogEventHandler(SourceContext ctx, BinlogAssembler assembler, AtomicReference<Throwable> failure,
                       Reconnector.Progress progress, BinlogLiveness liveness, Consumer<String> warnOnce, String url,
                       long heartbeatMs) {
        this.ctx = ctx;
        this.assembler = assembler;
        this.failure = failure;
        this.progress = progress;
        this.liveness = liveness;
        this.warnOnce = warnOnce;
        this.url = url;
        this.clock = ctx.clock();
        this.heartbeatMs = heartbeatMs;
        this.lastHeartbeatCheck = clock.millis();
    }

    @Override
    public void onEvent(Event event) {
        if (failure.get() != null) {
            return;
        }
        long now = clock.millis();
        liveness.seen(now);
        try {
            handle(event);
            progress.mark();
            if (now - lastHeartbeatCheck >= heartbeatMs || now < lastHeartbeatCheck) {
                lastHeartbeatCheck = now;
                heartbeat();
            }
        } catch (BinlogStreamer.Stopped s) {
            failure.compareAndSet(null, s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new BinlogStreamer.Stopped());
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void handle(Event event) throws InterruptedException {
        EventHeaderV4 h = event.getHeader();
        int code = ((RawEventDeserializer.Header) h).typeCode();
        long pos = h.getPosition();
        long ts = h.getTimestamp();
        switch (h.getEventType()) {
            case ROTATE -> assembler.rotate(((RotateEventData) event.getData()).getBinlogFilename());
            case GTID -> {
                GtidEventData d = (GtidEventData) event.getData();
                long micros = d.getOriginalCommitTimestamp() > 0 ? d.getOriginalCommitTimestamp() : d.getImmediateCommitTimestamp();
                assembler.gtid(pos, d.getGtid(), false, micros, ts);
            }
            case ANONYMOUS_GTID -> assembler.gtid(pos, null, false, 0, ts);
            case MARIADB_GTID -> {
                MariadbGtidEventData d = (MariadbGtidEventData) event.getData();
                String gtid = Long.toUnsignedString(d.getDomainId()) + "-" + Long.toUnsignedString(h.getServerId())
                        + "-" + Long.toUnsignedString(d.getSequence());
                assembler.gtid(pos, gtid, (d.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0, 0, ts);
            }
            case QUERY -> {
                QueryEventData q = (QueryEventData) event.getData();
                assembler.query(pos, q.getDatabase(), q.getSql(), ts);
            }
            case XID -> assembler.xid(ts);
            case XA_PREPARE -> {
                warnOnce.accept("an XA transaction was delivered at its XA PREPARE (" + assembler.file() + ":" + pos
                        + "); a later XA ROLLBACK of it is not reflected in the change stream");
                assembler.xid(ts);
            }
            case TABLE_MAP -> assembler.tableMap(((RawEventDeserializer.Raw) event.getData()).body());
            case WRITE_ROWS, UPDATE_ROWS, DELETE_ROWS, EXT_WRITE_ROWS, EXT_UPDATE_ROWS, EXT_DELETE_ROWS ->
                    assembler.rows(code, h.getServerId(), pos, ((RawEventDeserializer.Raw) event.getData()).body());
            case PARTIAL_UPDATE_ROWS_EVENT -> throw new SourceUnavailableException("the binlog of " + url
                    + " has partial JSON updates, which leave column values out: SET GLOBAL binlog_row_value_options=''"
                    + " (and re-snapshot the affected tables)", false);
            case TRANSACTION_PAYLOAD -> throw new SourceUnavailableException("the binlog of " + url
                    + " has compressed transactions, which Tidemark cannot read: SET GLOBAL"
                    + " binlog_transaction_compression=OFF", false);
            case PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS -> throw new SourceUnavailableException(
                    "the binlog of " + url + " has pre-5.1.18 rows events, which Tidemark cannot read", false);
            default -> {
                if (code >= 165 && code <= 171) {
                    throw new SourceUnavailableException("the binlog of " + url + " has compressed events"
                            + " (log_bin_compress=ON), which Tidemark cannot read: SET GLOBAL log_bin_compress=OFF", false);
                }
                // FORMAT_DESCRIPTION, PREVIOUS_GTIDS, GTID_LIST, BINLOG_CHECKPOINT, HEARTBEAT, ANNOTATE_ROWS, ...
            }
        }
    }

    /** On an idle or filtered stream, checkpoint the end of the last transaction passed by. */
    private void heartbeat() {
        BinlogPosition done = assembler.lastCompleted();
        BinlogPosition emitted = assembler.skipUpTo();
        if (done != null && (lastHeartbeat == null || done.compareTo(lastHeartbeat) > 0)
                && (emitted == null || done.compareTo(emitted) > 0) && ctx.heartbeat(done)) {
            lastHeartbeat = done;
        }
    }
}
