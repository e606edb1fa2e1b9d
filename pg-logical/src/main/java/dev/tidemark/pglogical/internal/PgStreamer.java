package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.pglogical.PgSourceConfig;
import dev.tidemark.pglogical.internal.types.PgTypeRegistry;
import dev.tidemark.pglogical.internal.types.PgValueDecoder;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication loop of one PostgreSQL source: prepares publication and slot, streams pgoutput,
 * assembles transactions, spills streamed ones, reconnects with backoff, and reports acknowledged
 * positions to the server as the flush LSN.
 *
 * <p>Acknowledgement rule: the flush LSN sent to the server is the commit LSN of the last
 * transaction the pipeline checkpointed whole (or a heartbeat position past it), never more.
 * Transactions that commit at or after it are sent again after a restart and skipped by position.
 */
public final class PgStreamer {
    private static final Logger log = LoggerFactory.getLogger(PgStreamer.class);

    private final PgSourceConfig config;
    private final SourceContext ctx;
    private final PgConnections connections;
    private final String slot;
    private final String publication;
    private final AtomicReference<PgPosition> acked = new AtomicReference<>();
    private final PgPosition resumeAfter;
    private volatile boolean closed;
    private TransactionAssembler assembler;
    private final PgValueDecoder decoders = new PgValueDecoder(PgTypeRegistry.create());
    private final PgSetup setup;
    private final Set<TableName> captured;
    private String database;

    public PgStreamer(PgSourceConfig config, SourceContext context) {
        this.config = config;
        this.ctx = context;
        this.connections = new PgConnections(config);
        this.slot = config.slotFor(context.pipelineName());
        this.publication = config.publicationFor(context.pipelineName());
        this.setup = new PgSetup(config, connections, context.pipelineName());
        this.captured = Set.copyOf(config.tables());
        Optional<Position> resume = context.resumeAfter();
        if (resume.isPresent() && !(resume.get() instanceof PgPosition)) {
            throw new CheckpointConflictException("pipeline " + context.pipelineName() + " has a " + resume.get().kind()
                    + " checkpoint, but its source is PostgreSQL; use a new pipeline name or delete the old checkpoint");
        }
        this.resumeAfter = (PgPosition) resume.orElse(null);
    }

    /** Runs until the context stops; see {@link dev.tidemark.engine.spi.ChangeSource#run}. */
    public void run() throws Exception {
        int failures = 0;
        try (SpillStore spill = new SpillStore(config.spillDirectory())) {
            while (ctx.isRunning() && !closed) {
                boolean[] progressed = {false};
                Exception failure;
                try {
                    streamOnce(spill, progressed);
                    break;
                } catch (SourceUnavailableException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    failure = e;
                } catch (SQLException e) {
                    SourceUnavailableException mapped = connections.classify(e, true);
                    if (!mapped.retryable()) {
                        throw mapped;
                    }
                    failure = mapped;
                } catch (StoppedException e) {
                    break;
                }
                if (!ctx.isRunning()) {
                    break;
                }
                failures = progressed[0] ? 1 : failures + 1;
                if (!ctx.reconnectPolicy().allowsAnotherAttempt(failures)) {
                    throw new SourceUnavailableException("giving up on " + config.url() + " after " + failures
                            + " failed connection attempts: " + failure.getMessage(), false, failure);
                }
                Duration backoff = ctx.reconnectPolicy().backoff(failures);
                log.warn("pipeline {}: lost the PostgreSQL stream ({}); reconnecting in {} ms", ctx.pipelineName(),
                        failure.getMessage(), backoff.toMillis());
                ctx.listener().onSourceDisconnected(ctx.pipelineName(), failure, backoff);
                if (assembler != null) {
                    assembler.abandon();
                }
                spill.clear();
                sleep(backoff);
            }
        } finally {
            if (config.dropSlotOnStop()) {
                setup.dropSlot();
            }
        }
    }

    public void acknowledge(Position position) {
        PgPosition p = (PgPosition) position;
        acked.accumulateAndGet(p, (a, b) -> a == null || b.compareTo(a) > 0 ? b : a);
    }

    public void close() {
        closed = true;
    }

    private static final class StoppedException extends Exception {
        private static final long serialVersionUID = 1L;

        StoppedException() {
            super(null, null, false, false);
        }
    }

    /** The later of the checkpoint the pipeline started from and what it acknowledged since; null if neither. */
    private PgPosition latestCheckpointed() {
        PgPosition a = acked.get();
        if (a == null) {
            return resumeAfter;
        }
        return resumeAfter == null || a.compareTo(resumeAfter) > 0 ? a : resumeAfter;
    }

    private boolean isCaptured(String schema, String table) {
        if (config.allTables()) {
            return !"tidemark".equals(schema);
        }
        return !schema.isEmpty() && captured.contains(new TableName(schema, table));
    }

    // ------------------------------------------------------------------ streaming

    private void streamOnce(SpillStore spill, boolean[] progressed) throws SQLException, StoppedException {
        PgSetup.Prepared prepared = setup.prepare(latestCheckpointed());
        database = prepared.database();
        Lsn start = prepared.start();
        int serverVersionNum = prepared.serverVersionNum();
        int version;
        boolean streaming;
        try (Connection rc = connections.replication(); Connection catalog = connections.regular()) {
            streaming = config.streaming() == PgSourceConfig.Streaming.AUTO && serverVersionNum >= 140000;
            version = streaming ? 2 : 1;
            ChainedLogicalStreamBuilder b = rc.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", version)
                    .withSlotOption("publication_names", PgSql.quote(publication))
                    .withSlotOption("messages", true)
                    .withStatusInterval((int) config.statusInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .withAutomaticFlush(false);
            if (streaming) {
                b.withSlotOption("streaming", true);
            }
            if (start.isValid()) {
                b.withStartPosition(LogSequenceNumber.valueOf(start.value()));
            }
            PGReplicationStream stream = b.start();
            log.info("pipeline {}: streaming slot {} publication {} from {} (pgoutput v{}{})", ctx.pipelineName(), slot,
                    publication, start.isValid() ? start : "the slot's position", version,
                    streaming ? ", large transactions streamed" : "");
            PgPosition skip = assembler != null ? assembler.lastEmitted() : resumeAfter;
            assembler = new TransactionAssembler(ctx.maxBatchEvents(), tx -> emit(tx, stream),
                    msg -> {
                        log.warn("pipeline {}: {}", ctx.pipelineName(), msg);
                        ctx.listener().onWarning(ctx.pipelineName(), msg);
                    },
                    r -> new RelationInfo(r, database, decoders, catalog, isCaptured(r.namespace(), r.name())), skip);
            loop(stream, spill, progressed, catalog);
        }
    }

    private void loop(PGReplicationStream stream, SpillStore spill, boolean[] progressed, Connection catalog)
            throws SQLException, StoppedException {
        PgOutputParser parser = new PgOutputParser();
        PgOutputParser replayParser = PgOutputParser.forStreamBlock();
        long streamXid = 0;
        long lastAck = 0;
        long lastHeartbeat = System.nanoTime();
        long heartbeatNanos = config.heartbeatInterval().toNanos();
        long lastHeartbeatLsn = 0;
        long lastData = System.nanoTime();
        int idleSpins = 0;
        while (ctx.isRunning() && !closed) {
            lastAck = applyAck(stream, lastAck);
            ByteBuffer buf = stream.readPending();
            if (buf == null) {
                // idle: checkpoint and acknowledge the server's position when nothing is in flight
                long now = System.nanoTime();
                if (now - lastData >= heartbeatNanos && now - lastHeartbeat >= heartbeatNanos) {
                    // a quiet database: write a message into our own WAL so that the stream moves
                    // even when the server sends no keepalive past other databases' WAL
                    emitHeartbeatMessage(catalog);
                }
                if (now - lastHeartbeat >= heartbeatNanos) {
                    lastHeartbeatLsn = heartbeat(stream, parser, lastHeartbeatLsn);
                    lastHeartbeat = now;
                }
                idleSpins++;
                LockSupport.parkNanos(idleSpins < 100 ? 100_000L : 2_000_000L);
                continue;
            }
            idleSpins = 0;
            progressed[0] = true;
            lastData = System.nanoTime();
            long lsn = stream.getLastReceiveLSN().asLong();
            try {
                if (parser.inStreamBlock() && buf.get(buf.position()) != 'E') {
                    spill.append(streamXid, lsn, buf);
                    continue;
                }
                PgMessage m = parser.parse(buf);
                if (m instanceof PgMessage.Begin b) {
                    assembler.begin(b.finalLsn(), b.xid(), b.commitTimeMicros());
                } else if (m instanceof PgMessage.Commit c) {
                    assembler.commit(c.commitLsn());
                    long now = System.nanoTime();
                    if (now - lastHeartbeat >= heartbeatNanos) {
                        // a busy stream of changes we do not capture must still release WAL
                        lastHeartbeatLsn = heartbeat(stream, parser, lastHeartbeatLsn);
                        lastHeartbeat = now;
                    }
                } else if (m instanceof PgMessage.Relation r) {
                    assembler.relation(r);
                } else if (m instanceof PgMessage.Message msg && !msg.transactional()) {
                    if (!msg.prefix().equals(TransactionAssembler.HEARTBEAT_PREFIX)) {
                        assembler.nonTransactionalMessage(msg, lsn);
                    }
                } else if (m instanceof PgMessage.StreamStart ss) {
                    streamXid = ss.xid();
                } else if (m instanceof PgMessage.StreamCommit sc) {
                    Set<Long> aborted = spill.abortedSubXids(sc.xid());
                    assembler.begin(sc.commitLsn(), sc.xid(), sc.commitTimeMicros());
                    spill.replay(sc.xid(), (raw, rawLsn) -> {
                        PgMessage rm = replayParser.parse(raw);
                        if (rm instanceof PgMessage.Relation r) {
                            assembler.relation(r);
                        } else if (rm instanceof PgMessage.Type || rm instanceof PgMessage.Origin) {
                            // type names come from the catalog; origins are informational
                        } else if (!aborted.contains(xidOf(rm))) {
                            assembler.change(rm, rawLsn);
                        }
                    });
                    assembler.commit(sc.commitLsn());
                } else if (m instanceof PgMessage.StreamAbort sa) {
                    if (sa.subXid() == sa.xid()) {
                        spill.abort(sa.xid());
                    } else {
                        spill.abortSubtransaction(sa.xid(), sa.subXid());
                    }
                } else if (m instanceof PgMessage.StreamStop || m instanceof PgMessage.Origin || m instanceof PgMessage.Type) {
                    // block boundaries and informational messages
                } else {
                    assembler.change(m, lsn);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoppedException();
            }
        }
        // graceful end: report the last acknowledged position before closing
        applyAck(stream, lastAck);
        stream.forceUpdateStatus();
        stream.close();
    }

    /**
     * Checkpoints (through the pipeline, in order) the position the stream has reached when no
     * transaction is open, so that the server can release WAL that carried nothing for us.
     * Returns the LSN reported, or {@code last} when nothing was.
     */
    private long heartbeat(PGReplicationStream stream, PgOutputParser parser, long last) {
        if (assembler.inTransaction() || parser.inStreamBlock()) {
            return last;
        }
        long received = stream.getLastReceiveLSN().asLong();
        PgPosition emitted = assembler.lastEmitted();
        if (Long.compareUnsigned(received, last) > 0
                && (emitted == null || Long.compareUnsigned(received, emitted.commitLsn().value()) > 0)
                && ctx.heartbeat(PgPosition.endOf(new Lsn(received)))) {
            return received;
        }
        return last;
    }

    private boolean heartbeatMessages = true;

    private void emitHeartbeatMessage(Connection catalog) {
        if (!heartbeatMessages) {
            return;
        }
        try {
            new PgCatalog(catalog).emitHeartbeat();
        } catch (SQLException e) {
            heartbeatMessages = false;
            String msg = "cannot write heartbeat messages (pg_logical_emit_message: " + e.getMessage()
                    + "); an idle stream then advances only on the server's keepalives; GRANT EXECUTE ON FUNCTION"
                    + " pg_logical_emit_message(boolean, text, text) TO " + PgSql.quote(config.user()) + " to enable them";
            log.warn("pipeline {}: {}", ctx.pipelineName(), msg);
            ctx.listener().onWarning(ctx.pipelineName(), msg);
        }
    }

    private static long xidOf(PgMessage m) {
        if (m instanceof PgMessage.Insert i) {
            return i.xid();
        } else if (m instanceof PgMessage.Update u) {
            return u.xid();
        } else if (m instanceof PgMessage.Delete d) {
            return d.xid();
        } else if (m instanceof PgMessage.Truncate t) {
            return t.xid();
        } else if (m instanceof PgMessage.Message msg) {
            return msg.xid();
        }
        return -1;
    }

    /** Hands a transaction to the pipeline, keeping the connection alive while it is busy. */
    private void emit(Transaction tx, PGReplicationStream stream) throws InterruptedException {
        while (!ctx.emit(tx, 1, TimeUnit.SECONDS)) {
            if (!ctx.isRunning() || closed) {
                throw new InterruptedException("pipeline stopping");
            }
            try {
                // backpressure: we are not reading, so tell the server we are alive
                stream.forceUpdateStatus();
            } catch (SQLException e) {
                // the server went away while we waited: a lost stream like any other, so reconnect
                throw connections.classify(e, true);
            }
        }
    }

    private long applyAck(PGReplicationStream stream, long lastAck) {
        PgPosition p = acked.get();
        if (p == null) {
            return lastAck;
        }
        long lsn = p.isTransactionEnd() ? p.commitLsn().value() : 0;
        if (lsn != 0 && Long.compareUnsigned(lsn, lastAck) > 0) {
            LogSequenceNumber l = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(l);
            stream.setAppliedLSN(l);
            return lsn;
        }
        return lastAck;
    }

    private void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (ctx.isRunning() && !closed && System.nanoTime() < end) {
            Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }
}
