package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.network.AuthenticationException;
import com.github.shyiko.mysql.binlog.network.ServerException;
import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication loop of one binlog source: checks the server, decides where to start (GTID set,
 * or file and offset), runs a {@link BinaryLogClient} on the source thread, feeds its events to a
 * {@link BinlogAssembler}, and reconnects with backoff when the connection is lost.
 *
 * <p>Failure handling: the client calls listeners on the thread that called {@code connect()} and
 * swallows what they throw, and skips events it cannot deserialize; so every listener records the
 * first failure, ignores all later events, and a watchdog thread disconnects the client. The
 * watchdog also disconnects when the pipeline stops and when neither events nor server heartbeats
 * arrive for {@code 3 x heartbeat + connect timeout} (a silently dead connection).
 *
 * <p>Resuming: after a lost connection, from the GTID set executed so far (or the last completed
 * transaction's file and offset when GTIDs are off), skipping what was already emitted; after a
 * restart, from the checkpoint. The server is never told what was acknowledged: MySQL keeps no
 * per-client state; {@link #acknowledge} only records it for status.
 */
public final class BinlogStreamer {
    private static final Logger log = LoggerFactory.getLogger(BinlogStreamer.class);
    /**
     * The binlog client library logs each connect and GTID switch at INFO through java.util.logging,
     * which bypasses the application's SLF4J setup and prints two-line records on stderr; this class
     * logs the same facts itself. Held in a field: java.util.logging keeps loggers weakly, and a
     * collected one would forget its level.
     */
    private static final java.util.logging.Logger CLIENT_LOG = quietClientLog();

    private final MySqlSourceConfig config;
    private final SourceContext ctx;
    private final MySqlUrl url;
    private final BinlogPosition resumeAfter;
    private final AtomicReference<BinlogPosition> acked = new AtomicReference<>();
    private final Set<String> warnings = new HashSet<>();
    private volatile boolean closed;
    private volatile Flavor flavor;
    private volatile BinaryLogClient client;
    /** When the stream last showed life (an event, or a wait on the busy pipeline); read by the watchdog. */
    private volatile long lastSeen;

    private BinlogAssembler assembler;
    private TableSchemasHolder schemas;
    private ConnectPoint initialPoint;
    private boolean gtidMode;

    /** Where to ask the server to start: a GTID set, or a file and offset. */
    record ConnectPoint(GtidSet gtids, String file, long offset) {
        boolean byGtid() {
            return gtids != null;
        }

        @Override
        public String toString() {
            return byGtid() ? "GTID set '" + gtids + "'" : file + ":" + offset;
        }
    }

    /** The catalog connection of the current stream, which the schema lookups use. */
    private static java.util.logging.Logger quietClientLog() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");
        if (l.getLevel() == null) {
            // only when nobody configured it: an application's own logging.properties wins
            l.setLevel(java.util.logging.Level.WARNING);
        }
        return l;
    }

    private static final class TableSchemasHolder {
        ServerCatalog catalog;
        TableSchemas schemas;
    }

    /** Thrown inside the event handler when the pipeline stops while it waits. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("pipeline stopping", null, false, false);
        }
    }

    public BinlogStreamer(MySqlSourceConfig config, SourceContext context) {
        this.config = config;
        this.ctx = context;
        this.url = MySqlUrl.parse(config.url());
        Optional<Position> resume = context.resumeAfter();
        if (resume.isPresent() && !(resume.get() instanceof BinlogPosition)) {
            throw new CheckpointConflictException("pipeline " + context.pipelineName() + " has a " + resume.get().kind()
                    + " checkpoint, but its source is MySQL/MariaDB; use a new pipeline name or delete the old checkpoint");
        }
        this.resumeAfter = (BinlogPosition) resume.orElse(null);
    }

    public String connector() {
        Flavor f = flavor;
        return f == null ? Flavor.MYSQL.connector() : f.connector();
    }

    public void acknowledge(Position position) {
        BinlogPosition p = (BinlogPosition) position;
        acked.accumulateAndGet(p, (a, b) -> a == null || b.compareTo(a) > 0 ? b : a);
    }

    /** The last acknowledged position, or null. */
    public BinlogPosition acknowledged() {
        return acked.get();
    }

    public void close() {
        closed = true;
        BinaryLogClient c = client;
        if (c != null) {
            disconnectQuietly(c);
        }
    }

    private boolean running() {
        return ctx.isRunning() && !closed;
    }

    /** Runs until the context stops; see {@link dev.tidemark.engine.spi.ChangeSource#run}. */
    public void run() throws Exception {
        int failures = 0;
        while (running()) {
            boolean[] progressed = {false};
            Exception failure;
            try {
                streamOnce(progressed);
                if (!running()) {
                    break;
                }
                failure = new SourceUnavailableException("the server closed the binlog connection", true);
            } catch (SourceUnavailableException e) {
                if (!e.retryable()) {
                    throw e;
                }
                failure = e;
            } catch (SQLException e) {
                SourceUnavailableException mapped = Errors.classify(e, url, config.user());
                if (!mapped.retryable()) {
                    throw mapped;
                }
                failure = mapped;
            }
            if (!running()) {
                break;
            }
            if (assembler != null) {
                assembler.abandon();
            }
            failures = progressed[0] ? 1 : failures + 1;
            if (!ctx.reconnectPolicy().allowsAnotherAttempt(failures)) {
                throw new SourceUnavailableException("giving up on " + url + " after " + failures
                        + " failed connection attempts: " + failure.getMessage(), false, failure);
            }
            Duration backoff = ctx.reconnectPolicy().backoff(failures);
            log.warn("pipeline {}: lost the binlog stream of {} ({}); reconnecting in {} ms", ctx.pipelineName(), url,
                    failure.getMessage(), backoff.toMillis());
            ctx.listener().onSourceDisconnected(ctx.pipelineName(), failure, backoff);
            sleep(backoff);
        }
    }

    // ------------------------------------------------------------------ one connection

    private void streamOnce(boolean[] progressed) throws SQLException {
        try (ServerCatalog catalog = new ServerCatalog(Jdbc.connect(url, config))) {
            ConnectPoint point = prepare(catalog);
            BinaryLogClient c = newClient(point);
            client = c;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            lastSeen = System.nanoTime();
            long idleLimit = config.heartbeatInterval().toNanos() * 3 + config.connectTimeout().toNanos();
            EventHandler handler = new EventHandler(failure, progressed);
            c.registerEventListener(handler);
            c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
                @Override
                public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                    failure.compareAndSet(null, ex);
                }

                @Override
                public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
                    // the client would skip the event: never continue past an event we could not read
                    failure.compareAndSet(null, ex);
                }
            });
            Thread watchdog = new Thread(() -> watch(c, failure, idleLimit), "tidemark-" + ctx.pipelineName()
                    + "-binlog-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            log.info("pipeline {}: reading the {} binlog of {} from {} as server_id {}", ctx.pipelineName(),
                    flavor.connector(), url, point, config.serverIdFor(ctx.pipelineName()));
            try {
                c.connect();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } finally {
                client = null;
                watchdog.interrupt();
                disconnectQuietly(c);
                try {
                    watchdog.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Throwable t = failure.get();
            if (t == null || t instanceof Stopped || !running()) {
                return;
            }
            throw mapFailure(t, point);
        }
    }

    /** Disconnects the client when the pipeline stops, a failure was recorded, or the stream went silent. */
    private void watch(BinaryLogClient c, AtomicReference<Throwable> failure, long idleLimit) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(50);
                if (!running() || failure.get() != null) {
                    break;
                }
                if (System.nanoTime() - lastSeen > idleLimit) {
                    failure.compareAndSet(null, new SourceUnavailableException("no binlog event or heartbeat from " + url
                            + " for " + Duration.ofNanos(idleLimit).toSeconds() + " s", true));
                    break;
                }
            }
        } catch (InterruptedException e) {
            return; // the stream ended by itself
        }
        disconnectQuietly(c);
    }

    private static void disconnectQuietly(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (IOException | RuntimeException e) {
            log.debug("disconnecting the binlog client: {}", e.toString());
        }
    }

    private BinaryLogClient newClient(ConnectPoint point) {
        BinaryLogClient c = new BinaryLogClient(url.host(), url.port(), config.user(), config.password());
        c.setServerId(config.serverIdFor(ctx.pipelineName()));
        c.setKeepAlive(false); // reconnecting is ours, with the pipeline's backoff and position
        c.setHeartbeatInterval(config.heartbeatInterval().toMillis());
        c.setConnectTimeout(config.connectTimeout().toMillis());
        c.setEventDeserializer(new RawEventDeserializer());
        c.setThreadFactory(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        if (point.byGtid()) {
            c.setGtidSet(point.gtids().toString());
        } else {
            c.setBinlogFilename(point.file());
            c.setBinlogPosition(point.offset());
        }
        return c;
    }

    // ------------------------------------------------------------------ setup

    /** Checks the server and decides where this connection starts. */
    private ConnectPoint prepare(ServerCatalog catalog) throws SQLException {
        Flavor f = catalog.flavor();
        flavor = f;
        ServerSettings settings = ServerSettings.read(catalog);
        settings.requireStreamable(url);
        gtidMode = settings.resumesByGtid();
        if (settings.serverId() == config.serverIdFor(ctx.pipelineName())) {
            throw new SourceUnavailableException("server_id " + settings.serverId() + " of pipeline " + ctx.pipelineName()
                    + " is the server's own server_id on " + url + "; configure another server_id for the source", false);
        }
        for (String w : settings.warnings()) {
            warnOnce(w);
        }
        if (schemas == null) {
            schemas = new TableSchemasHolder();
            schemas.schemas = new TableSchemas(catalog.collations(), () -> schemas.catalog, this::warnOnce);
        }
        schemas.catalog = catalog;
        if (assembler == null) {
            return firstPoint(catalog, f);
        }
        schemas.schemas.invalidateAll();
        ConnectPoint p;
        BinlogPosition done = assembler.lastCompleted();
        if (gtidMode && !assembler.tracked().isEmpty()) {
            p = new ConnectPoint(assembler.tracked(), null, 0);
        } else if (done != null) {
            p = new ConnectPoint(null, done.file(), done.offset());
        } else {
            p = initialPoint;
        }
        checkAvailable(catalog, p);
        return p;
    }

    private ConnectPoint firstPoint(ServerCatalog catalog, Flavor f) throws SQLException {
        GtidSet tracked;
        ConnectPoint point;
        BinlogAssembler.ExpectedStart expected = null;
        if (resumeAfter != null) {
            try {
                tracked = GtidSet.parse(resumeAfter.gtidSet(), f);
            } catch (IllegalArgumentException e) {
                throw new CheckpointConflictException("pipeline " + ctx.pipelineName() + "'s checkpoint has GTIDs '"
                        + resumeAfter.gtidSet() + "' that a " + f.connector() + " server cannot use (" + e.getMessage()
                        + "): was the pipeline pointed at a server of the other kind? Use a new pipeline name, or delete"
                        + " the checkpoint and re-snapshot the tables");
            }
            if (resumeAfter.isTransactionEnd() && gtidMode && !tracked.isEmpty()) {
                point = new ConnectPoint(tracked, null, 0);
            } else {
                point = new ConnectPoint(null, resumeAfter.file(), resumeAfter.offset());
                if (!resumeAfter.isTransactionEnd()) {
                    expected = new BinlogAssembler.ExpectedStart(resumeAfter.file(), resumeAfter.offset(), tracked);
                }
            }
            checkAvailable(catalog, point);
        } else {
            ServerCatalog.BinlogCoordinates now = catalog.currentPosition().orElseThrow(() -> new SourceUnavailableException(
                    "the binary log is off on " + url + " (SHOW MASTER STATUS is empty): start the server with log_bin"
                            + " (log-bin=mysql-bin) and binlog_format=ROW", false));
            tracked = GtidSet.parse(now.gtidSet(), f);
            point = new ConnectPoint(null, now.file(), now.position());
            log.info("pipeline {}: first start, streaming from the end of the binlog at {}:{}{}", ctx.pipelineName(),
                    now.file(), now.position(), tracked.isEmpty() ? "" : " (GTIDs " + tracked + ")");
        }
        initialPoint = point;
        assembler = new BinlogAssembler(f, ctx.maxBatchEvents(), CapturedTables.on(catalog, config.tables()),
                schemas.schemas, config.spillDirectory(), this::emit, this::warnOnce, tracked, resumeAfter,
                point.byGtid() ? "" : point.file());
        if (expected != null) {
            assembler.expectStart(expected);
        }
        return point;
    }

    /** Fails with the re-snapshot advice when the binlog the connect point needs is gone. */
    private void checkAvailable(ServerCatalog catalog, ConnectPoint p) throws SQLException {
        String purged = Purge.missing(catalog, p.gtids(), p.file());
        if (purged != null) {
            throw new CheckpointConflictException("pipeline " + ctx.pipelineName() + " must resume from " + p + " but "
                    + purged + " on " + url + ": changes in between are lost to this pipeline. Re-snapshot the captured"
                    + " tables into your target, delete the pipeline's checkpoint (DELETE FROM tidemark.checkpoints"
                    + " WHERE pipeline = '" + ctx.pipelineName() + "'), and start again; keep binlogs longer"
                    + " (binlog_expire_logs_seconds / expire_logs_days) to avoid this");
        }
    }

    private TidemarkException mapFailure(Throwable t, ConnectPoint point) {
        if (t instanceof TidemarkException te) {
            return te;
        }
        if (t instanceof ServerException se) {
            String msg = se.getMessage() == null ? "" : se.getMessage();
            if (se.getErrorCode() == 1236) {
                String lower = msg.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("purged") || lower.contains("could not find first log file")
                        || lower.contains("could not find gtid state") || lower.contains("not in the master's binlog")
                        || lower.contains("has purged")) {
                    return new CheckpointConflictException("the server cannot stream from " + point + " for pipeline "
                            + ctx.pipelineName() + " (" + msg + "): the binlog it needs is gone and changes in between"
                            + " are lost to this pipeline. Re-snapshot the captured tables, delete the pipeline's"
                            + " checkpoint and start again");
                }
                if (lower.contains("same server_uuid/server_id") || lower.contains("same server_id")) {
                    return new SourceUnavailableException("another replica or binlog client uses server_id "
                            + config.serverIdFor(ctx.pipelineName()) + " on " + url + " (" + msg + "); give pipeline "
                            + ctx.pipelineName() + " a server_id of its own", false, se);
                }
                return new SourceUnavailableException("the server refused to stream the binlog from " + point + ": "
                        + msg, false, se);
            }
            if (se.getErrorCode() == 1227 || se.getErrorCode() == 1045 || se.getErrorCode() == 1044) {
                return new SourceUnavailableException("user '" + config.user() + "' may not read the binlog of " + url
                        + " (" + msg + "); GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the user", false, se);
            }
            return new SourceUnavailableException("binlog stream of " + url + " failed: " + msg + " (error "
                    + se.getErrorCode() + ")", true, se);
        }
        if (t instanceof AuthenticationException) {
            return new SourceUnavailableException("cannot log in to " + url + " as '" + config.user() + "' for the binlog: "
                    + t.getMessage() + "; check user and password", false, (Exception) t);
        }
        if (t instanceof IOException io) {
            return new SourceUnavailableException("binlog connection to " + url + " failed: " + io, true, io);
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new TidemarkException("reading the binlog of " + url + " failed: " + t, t);
    }

    // ------------------------------------------------------------------ events

    /** Runs on the client's thread (ours: the source thread inside connect()). */
    private final class EventHandler implements BinaryLogClient.EventListener {
        private final AtomicReference<Throwable> failure;
        private final boolean[] progressed;
        private long lastHeartbeatCheck = System.nanoTime();
        private BinlogPosition lastHeartbeat;

        EventHandler(AtomicReference<Throwable> failure, boolean[] progressed) {
            this.failure = failure;
            this.progressed = progressed;
        }

        @Override
        public void onEvent(Event event) {
            if (failure.get() != null) {
                return;
            }
            long now = System.nanoTime();
            lastSeen = now;
            try {
                handle(event);
                progressed[0] = true;
                if (now - lastHeartbeatCheck >= config.heartbeatInterval().toNanos()) {
                    lastHeartbeatCheck = now;
                    heartbeat();
                }
            } catch (Stopped s) {
                failure.compareAndSet(null, s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new Stopped());
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
                    warnOnce("an XA transaction was delivered at its XA PREPARE (" + assembler.file() + ":" + pos
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

    /** Hands a transaction to the pipeline, waiting while it is busy; the watchdog must not take that for silence. */
    private void emit(Transaction tx) throws InterruptedException {
        lastSeen = System.nanoTime();
        while (!ctx.emit(tx, 1, TimeUnit.SECONDS)) {
            lastSeen = System.nanoTime();
            if (!running()) {
                throw new Stopped();
            }
        }
    }

    private void warnOnce(String message) {
        if (warnings.add(message)) {
            log.warn("pipeline {}: {}", ctx.pipelineName(), message);
            ctx.listener().onWarning(ctx.pipelineName(), message);
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (running() && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }
}
