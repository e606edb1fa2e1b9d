package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.Reconnector;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.pglogical.PgSourceConfig;
import dev.tidemark.pglogical.internal.types.PgTypeRegistry;
import dev.tidemark.pglogical.internal.types.PgValueDecoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL source's life: prepares publication and slot, and runs one connection after
 * another through the engine's {@link Reconnector}; each connection opens the stream
 * ({@link PgStreamOpener}) and reads it ({@link PgReceiveLoop}) into a {@link TransactionAssembler}.
 *
 * <p>Acknowledgement rule ({@link PgFeedback}): the flush LSN sent to the server is the commit LSN
 * of the last transaction the pipeline checkpointed whole (or a heartbeat position past it), never
 * more. Transactions that commit at or after it are sent again after a restart and skipped by
 * position: a new connection's assembler skips up to what the previous one emitted.
 */
public final class PgStreamer {
    private static final Logger log = LoggerFactory.getLogger(PgStreamer.class);

    private final PgSourceConfig config;
    private final SourceContext ctx;
    private final PgConnections connections;
    private final String slot;
    private final String publication;
    private final PgPosition resumeAfter;
    private final PgFeedback feedback;
    private final PgHeartbeats heartbeats;
    private final PgStreamOpener opener;
    private volatile boolean closed;
    private TransactionAssembler assembler;
    private final PgValueDecoder decoders = new PgValueDecoder(PgTypeRegistry.create());
    private final PgSetup setup;
    private final Set<TableName> captured;

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
        this.feedback = new PgFeedback(resumeAfter);
        this.heartbeats = new PgHeartbeats(config, context);
        this.opener = new PgStreamOpener(config, slot, publication);
    }

    /** Runs until the context stops; see {@link dev.tidemark.engine.spi.ChangeSource#run}. */
    public void run() throws Exception {
        try (SpillStore spill = new SpillStore(config.spillDirectory())) {
            Reconnector.forSource(ctx, config.displayUrl(), "the PostgreSQL stream")
                    .whileRunning(this::running)
                    .betweenAttempts(() -> {
                        if (assembler != null) {
                            assembler.abandon();
                        }
                        spill.clear();
                    })
                    .run(progress -> streamOnce(spill, progress));
        } finally {
            if (config.dropSlotOnStop()) {
                setup.dropSlot();
            }
        }
    }

    public void acknowledge(Position position) {
        feedback.acknowledge(position);
    }

    public void close() {
        closed = true;
    }

    private boolean running() {
        return ctx.isRunning() && !closed;
    }

    /** The one place that decides which tables are captured. */
    private boolean isCaptured(String schema, String table) {
        if (config.allTables()) {
            return !"tidemark".equals(schema);
        }
        return !schema.isEmpty() && captured.contains(new TableName(schema, table));
    }

    /** One connection, from setup to the end of its stream; driver failures mapped for the reconnect loop. */
    private void streamOnce(SpillStore spill, Reconnector.Progress progress) {
        try {
            PgSetup.Prepared prepared = setup.prepare(feedback.latestCheckpointed());
            String database = prepared.database();
            try (Connection rc = connections.replication(); Connection catalog = connections.regular()) {
                PgStreamOpener.Opened opened = opener.open(rc, prepared);
                PGReplicationStream stream = opened.stream();
                log.info("pipeline {}: streaming slot {} publication {} from {} (pgoutput v{}{})", ctx.pipelineName(),
                        slot, publication, prepared.start().isValid() ? prepared.start() : "the slot's position",
                        opened.protoVersion(), opened.streaming() ? ", large transactions streamed" : "");
                PgPosition skip = assembler != null ? assembler.lastEmitted() : resumeAfter;
                assembler = new TransactionAssembler(ctx.maxBatchEvents(), tx -> emit(tx, stream),
                        msg -> {
                            log.warn("pipeline {}: {}", ctx.pipelineName(), msg);
                            ctx.listener().onWarning(ctx.pipelineName(), msg);
                        },
                        r -> new RelationInfo(r, database, decoders, catalog, isCaptured(r.namespace(), r.name())), skip);
                feedback.begin();
                heartbeats.begin(catalog);
                new PgReceiveLoop(stream, assembler, new PgStreamedBlocks(spill, assembler), feedback, heartbeats,
                        this::running).run(progress);
            }
        } catch (SQLException e) {
            throw connections.classify(e, true);
        } catch (InterruptedException e) {
            // the pipeline is stopping (or the thread was interrupted): a graceful end
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a transaction to the pipeline, keeping the connection alive while it is busy. */
    private void emit(Transaction tx, PGReplicationStream stream) throws InterruptedException {
        while (!ctx.emit(tx, 1, TimeUnit.SECONDS)) {
            if (!running()) {
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
}
