package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.tidemark.engine.SourceUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The one way out of a blocked {@code BinaryLogClient.connect()}: a thread per connection that
 * disconnects the client when the pipeline stops, when a failure was recorded (the client swallows
 * what listeners throw), or when neither events nor server heartbeats arrived for the idle limit (a
 * silently dead connection, recorded as a retryable failure). Invariant: it disconnects at most once,
 * and not at all once {@link #interrupt} was called after the stream ended by itself.
 */
final class BinlogWatchdog {
    private static final long POLL_MS = 50;

    private final Thread thread;

    BinlogWatchdog(String name, BinaryLogClient client, AtomicReference<Throwable> failure, BinlogLiveness liveness,
                   Duration idleLimit, String url, BooleanSupplier running) {
        long limitMs = idleLimit.toMillis();
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(POLL_MS);
                    if (!running.getAsBoolean() || failure.get() != null) {
                        break;
                    }
                    if (liveness.silentFor(limitMs)) {
                        failure.compareAndSet(null, new SourceUnavailableException("no binlog event or heartbeat from "
                                + url + " for " + idleLimit.toSeconds() + " s", true));
                        break;
                    }
                }
            } catch (InterruptedException e) {
                return; // the stream ended by itself
            }
            BinlogSession.disconnectQuietly(client);
        }, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The stream ended by itself: the watchdog must not disconnect (again). */
    void interrupt() {
        thread.interrupt();
    }

    /** Waits a little for the thread to end, after {@link #interrupt}. */
    void join() {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
