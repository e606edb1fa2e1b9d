package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.Reconnector;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One binlog source's life: connection after connection through the engine's {@link Reconnector};
 * each checks the server and picks its start ({@link ConnectPlanner}), streams on the source thread
 * ({@link BinlogSession}), and maps what ended it ({@link BinlogFailures}).
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
    private final AtomicReference<BinlogPosition> acked = new AtomicReference<>();
    private final Set<String> warnings = new HashSet<>();
    private final BinlogLiveness liveness;
    private final ConnectPlanner planner;
    private final BinlogSession session;
    private final BinlogFailures failures;
    private volatile boolean closed;
    private volatile BinaryLogClient client;

    /** Thrown inside the event handler when the pipeline stops while it waits. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("pipeline stopping", null, false, false);
        }
    }

    private static java.util.logging.Logger quietClientLog() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");
        if (l.getLevel() == null) {
            // only when nobody configured it: an application's own logging.properties wins
            l.setLevel(java.util.logging.Level.WARNING);
        }
        return l;
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
        BinlogPosition resumeAfter = (BinlogPosition) resume.orElse(null);
        this.liveness = new BinlogLiveness(context.clock());
        this.planner = new ConnectPlanner(config, context, url, resumeAfter, this::emit, this::warnOnce);
        this.session = new BinlogSession(config, context, url, liveness, this::running, this::warnOnce);
        this.failures = new BinlogFailures(url, config.user(), context.pipelineName(),
                config.serverIdFor(context.pipelineName()));
    }

    public String connector() {
        Flavor f = planner.flavor();
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
            BinlogSession.disconnectQuietly(c);
        }
    }

    private boolean running() {
        return ctx.isRunning() && !closed;
    }

    /** Runs until the context stops; see {@link dev.tidemark.engine.spi.ChangeSource#run}. */
    public void run() throws Exception {
        Reconnector.forSource(ctx, url.toString(), "the binlog stream of " + url)
                .whileRunning(this::running)
                .betweenAttempts(() -> {
                    BinlogAssembler a = planner.assembler();
                    if (a != null) {
                        a.abandon();
                    }
                })
                .run(this::streamOnce);
    }

    /** One connection, from the server checks to its end; what ended it mapped for the reconnect loop. */
    private void streamOnce(Reconnector.Progress progress) {
        try (ServerCatalog catalog = new ServerCatalog(Jdbc.connect(url, config))) {
            ConnectPoint point = planner.prepare(catalog);
            Throwable t = session.run(point, planner.flavor(), planner.assembler(), progress, c -> client = c);
            if (!running()) {
                return;
            }
            if (t == null || t instanceof Stopped) {
                throw new SourceUnavailableException("the server closed the binlog connection", true);
            }
            throw failures.map(t, point);
        } catch (SQLException e) {
            throw Errors.classify(e, url, config.user());
        }
    }

    /** Hands a transaction to the pipeline, waiting while it is busy; the watchdog must not take that for silence. */
    private void emit(Transaction tx) throws InterruptedException {
        liveness.seen();
        while (!ctx.emit(tx, 1, TimeUnit.SECONDS)) {
            liveness.seen();
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
}
