package dev.tidemark.engine.spi;

import dev.tidemark.engine.JdbcUrls;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.SourceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect rule of every source, written once: run one connection's worth of streaming (an
 * {@link Attempt}); when it fails with a {@linkplain SourceUnavailableException#retryable() retryable}
 * {@link SourceUnavailableException}, clean up, ask the context's {@link SourceContext#reconnectPolicy()
 * reconnect policy} whether to go on, tell the listener, wait the policy's backoff and try again.
 *
 * <p>Invariants: the failure count is the number of consecutive attempts that failed without
 * {@linkplain Progress#made() progress} (an attempt that made progress counts as the first failure
 * of a new run); anything but a retryable {@code SourceUnavailableException} leaves {@link #run} at
 * once, untouched; a stop (the {@code running} condition turning false) ends {@link #run} normally
 * within one {@link Sleeper} poll, also during a backoff. Time comes from the context's clock.
 *
 * <pre>{@code
 * Reconnector.forSource(ctx, url, "the PostgreSQL stream")
 *         .whileRunning(() -> ctx.isRunning() && !closed)
 *         .betweenAttempts(spill::clear)
 *         .run(progress -> streamOnce(progress));
 * }</pre>
 *
 * Not thread-safe: one instance runs on the source's thread.
 */
public final class Reconnector {
    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

    /** One connection: connect, stream until the connection ends or the pipeline stops. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Streams over one connection. Returns when the source should stop; throws a retryable
         * {@link SourceUnavailableException} when the connection was lost (map driver exceptions
         * to one first), and anything else for what reconnecting cannot fix. Calls
         * {@link Progress#mark()} whenever the stream delivered something.
         */
        void run(Progress progress) throws Exception;
    }

    /** Whether the current attempt got anywhere; written and read on the source's thread only. */
    public static final class Progress {
        private boolean made;

        /** The stream delivered something: the next failure counts as the first of a new run. */
        public void mark() {
            made = true;
        }

        public boolean made() {
            return made;
        }
    }

    /** How the loop waits out a backoff; replaceable so that tests move time without sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits {@code duration}, or less when {@code running} turns false.
         *
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        void sleep(Duration duration, BooleanSupplier running) throws InterruptedException;

        /**
         * Waits on {@code clock} in polls of at most 50 ms, so a stop is seen within one poll. A
         * clock that goes backwards restarts the wait from where it went, so the wait never exceeds
         * {@code duration} of the clock's forward time. The clock must advance (a fixed clock waits
         * until the stop).
         */
        static Sleeper onClock(Clock clock) {
            Objects.requireNonNull(clock, "clock");
            return (duration, running) -> {
                long waitMs = duration.toMillis();
                long from = clock.millis();
                long waited = 0;
                while (running.getAsBoolean() && waited < waitMs) {
                    Thread.sleep(Math.min(50, Math.max(1, waitMs - waited)));
                    long now = clock.millis();
                    if (now < from) {
                        // the wall clock was set back: keep what was waited, count on from here
                        from = now - waited;
                    }
                    waited = now - from;
                }
            };
        }
    }

    private final SourceContext ctx;
    private final String server;
    private final String stream;
    private BooleanSupplier running;
    private Runnable betweenAttempts = () -> { };
    private Sleeper sleeper;

    private Reconnector(SourceContext ctx, String server, String stream) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        // whatever the caller passes, a password in a url never reaches the log or the give-up message
        this.server = JdbcUrls.redact(Objects.requireNonNull(server, "server"));
        this.stream = Objects.requireNonNull(stream, "stream");
        this.running = ctx::isRunning;
        this.sleeper = Sleeper.onClock(ctx.clock());
    }

    /**
     * A loop for the source running in {@code ctx}.
     *
     * @param server what the source connects to, for the give-up message (a url; any secret in it is masked)
     * @param stream what is lost on a failure, for the log, e.g. {@code "the binlog stream of <url>"}
     */
    public static Reconnector forSource(SourceContext ctx, String server, String stream) {
        return new Reconnector(ctx, server, stream);
    }

    /** Whether to go on; default {@link SourceContext#isRunning()}. Add the source's own closed flag. */
    public Reconnector whileRunning(BooleanSupplier running) {
        this.running = Objects.requireNonNull(running, "running");
        return this;
    }

    /**
     * Runs after every retryable failure, before the policy decides (so also before giving up):
     * drop what the lost connection left half done (an open transaction, spill files).
     */
    public Reconnector betweenAttempts(Runnable cleanup) {
        this.betweenAttempts = Objects.requireNonNull(cleanup, "cleanup");
        return this;
    }

    /** How backoffs are waited; default {@link Sleeper#onClock} with the context's clock. */
    public Reconnector sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /**
     * Runs attempts until one returns, the source stops, or the policy gives up.
     *
     * @throws SourceUnavailableException not retryable: from an attempt as it was, or on giving up,
     *     naming the server and the number of failed attempts, with the last failure as its cause
     * @throws InterruptedException when interrupted during a backoff
     * @throws Exception whatever else an attempt threw
     */
    public void run(Attempt attempt) throws Exception {
        int failures = 0;
        while (running.getAsBoolean()) {
            Progress progress = new Progress();
            SourceUnavailableException failure;
            try {
                attempt.run(progress);
                return;
            } catch (SourceUnavailableException e) {
                if (!e.retryable()) {
                    throw e;
                }
                failure = e;
            }
            if (!running.getAsBoolean()) {
                return;
            }
            betweenAttempts.run();
            failures = progress.made() ? 1 : failures + 1;
            RetryPolicy policy = ctx.reconnectPolicy();
            if (!policy.allowsAnotherAttempt(failures)) {
                throw new SourceUnavailableException("giving up on " + server + " after " + failures
                        + " failed connection attempts: " + failure.getMessage(), false, failure);
            }
            Duration backoff = policy.backoff(failures);
            log.warn("pipeline {}: lost {} ({}); reconnecting in {} ms", ctx.pipelineName(), stream,
                    failure.getMessage(), backoff.toMillis());
            ctx.listener().onSourceDisconnected(ctx.pipelineName(), failure, backoff);
            sleeper.sleep(backoff, running);
        }
    }
}
