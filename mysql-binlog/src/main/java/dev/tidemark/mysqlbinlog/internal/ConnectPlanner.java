package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before each connection: checks the server and decides where the connection starts. Invariants:
 * the first connection starts after the checkpoint (by GTID set when the checkpoint ends a
 * transaction and GTIDs are on, else by file and offset) or, on a first start, at the end of the
 * binlog; a reconnect starts from the GTIDs executed so far, or the last completed transaction's file
 * and offset, so the assembler skips what it already emitted; a start point whose binlog is purged
 * fails with the re-snapshot advice, never silently further on. Creates the one assembler, on the
 * first connection, and keeps it across reconnects.
 */
final class ConnectPlanner {
    private static final Logger log = LoggerFactory.getLogger(ConnectPlanner.class);

    private final MySqlSourceConfig config;
    private final SourceContext ctx;
    private final MySqlUrl url;
    private final BinlogPosition resumeAfter;
    private final BinlogAssembler.Emitter emitter;
    private final Consumer<String> warnOnce;
    private volatile Flavor flavor;
    private BinlogAssembler assembler;
    private ServerCatalog catalog;
    private TableSchemas schemas;
    private ConnectPoint initialPoint;
    private boolean gtidMode;

    ConnectPlanner(MySqlSourceConfig config, SourceContext ctx, MySqlUrl url, BinlogPosition resumeAfter,
                   BinlogAssembler.Emitter emitter, Consumer<String> warnOnce) {
        this.config = config;
        this.ctx = ctx;
        this.url = url;
        this.resumeAfter = resumeAfter;
        this.emitter = emitter;
        this.warnOnce = warnOnce;
    }

    /** The server's kind, once a connection saw it; null before. Safe from any thread. */
    Flavor flavor() {
        return flavor;
    }

    /** The assembler, after the first {@link #prepare}; null before. */
    BinlogAssembler assembler() {
        return assembler;
    }

    /** Checks the server and decides where this connection starts; {@code catalog} serves the schema lookups until the next call. */
    ConnectPoint prepare(ServerCatalog catalog) throws SQLException {
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
            warnOnce.accept(w);
        }
        if (schemas == null) {
            schemas = new TableSchemas(catalog.collations(), () -> this.catalog, warnOnce);
        }
        this.catalog = catalog;
        if (assembler == null) {
            return firstPoint(catalog, f);
        }
        schemas.invalidateAll();
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
        assembler = new BinlogAssembler(f, ctx.maxBatchEvents(), CapturedTables.on(catalog, config.tables()), schemas,
                config.spillDirectory(), emitter, warnOnce, tracked, resumeAfter, point.byGtid() ? "" : point.file());
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
}
