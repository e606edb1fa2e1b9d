package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.tidemark.engine.spi.Reconnector;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.mysqlbinlog.MySqlSourceConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One binlog connection: a {@link BinaryLogClient} run on the source thread until it disconnects,
 * with a {@link BinlogEventHandler} and a {@link BinlogWatchdog}. Invariant: the first failure is the
 * one reported (the client swallows listener exceptions and would skip undecodable events, so both
 * are recorded and end the connection); the client is always disconnected and the watchdog stopped
 * when {@link #run} returns.
 */
final class BinlogSession {
    private static final Logger log = LoggerFactory.getLogger(BinlogSession.class);

    private final MySqlSourceConfig config;
    private final SourceContext ctx;
    private final MySqlUrl url;
    private final BinlogLiveness liveness;
    private final BooleanSupplier running;
    private final Consumer<String> warnOnce;

    BinlogSession(MySqlSourceConfig config, SourceContext ctx, MySqlUrl url, BinlogLiveness liveness,
                  BooleanSupplier running, Consumer<String> warnOnce) {
        this.config = config;
        this.ctx = ctx;
        this.url = url;
        this.liveness = liveness;
        this.running = running;
        this.warnOnce = warnOnce;
    }

    /**
     * Streams from {@code point} until the client disconnects. Returns the failure that ended the
     * connection, or null when it ended without one.
     *
     * @param started called with the client before it connects, and with null after, so that a
     *     close from another thread can disconnect it
     */
    Throwable run(ConnectPoint point, Flavor flavor, BinlogAssembler assembler, Reconnector.Progress progress,
                  Consumer<BinaryLogClient> started) {
        BinaryLogClient c = newClient(point);
        started.accept(c);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        liveness.seen();
        Duration idleLimit = config.heartbeatInterval().multipliedBy(3).plus(config.connectTimeout());
        c.registerEventListener(new BinlogEventHandler(ctx, assembler, failure, progress, liveness, warnOnce,
                url.toString(), config.heartbeatInterval().toMillis()));
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
        BinlogWatchdog watchdog = new BinlogWatchdog("tidemark-" + ctx.pipelineName() + "-binlog-watchdog", c, failure,
                liveness, idleLimit, url.toString(), running);
        watchdog.start();
        log.info("pipeline {}: reading the {} binlog of {} from {} as server_id {}", ctx.pipelineName(),
                flavor.connector(), url, point, config.serverIdFor(ctx.pipelineName()));
        try {
            c.connect();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        } finally {
            started.accept(null);
            watchdog.interrupt();
            disconnectQuietly(c);
            watchdog.join();
        }
        return failure.get();
    }

    static void disconnectQuietly(BinaryLogClient c) {
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
}
