package dev.tidemark.benchmarks;

import dev.tidemark.engine.Pipeline;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Times one drain from the first event to the last: {@link #started()} at the first data, {@link
 * #counted(long)} as events are handled, done once {@code expected} events have been counted.
 * Written by one reader thread; read by the main thread after {@link #await}.
 */
final class DrainClock {
    private final long expected;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long firstNanos;
    private volatile long lastNanos;
    private volatile long firstCpuNanos;
    private volatile long lastCpuNanos;
    private volatile long events;
    private volatile Throwable failure;

    DrainClock(long expected) {
        this.expected = expected;
    }

    void started() {
        if (firstNanos == 0) {
            firstCpuNanos = ProcessCpu.nanos();
            firstNanos = System.nanoTime();
        }
    }

    /** Adds handled events; returns true when this call reached the expected count. */
    boolean counted(long n) {
        if (n == 0 || lastNanos != 0) {
            return false;
        }
        long total = events + n;
        events = total;
        if (total >= expected) {
            lastNanos = System.nanoTime();
            lastCpuNanos = ProcessCpu.nanos();
            return true;
        }
        return false;
    }

    boolean reachedExpected() {
        return lastNanos != 0;
    }

    /** Ends the wait: the drain is complete (its last position acknowledged) or failed. */
    synchronized void finish(Throwable error) {
        if (done.getCount() == 0) {
            // the first word stands: a pipeline stopped by us after a complete drain is no failure
            return;
        }
        failure = error;
        done.countDown();
    }

    /** Waits for {@link #finish}; false on timeout. */
    boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    Throwable failure() {
        return failure;
    }

    long events() {
        return events;
    }

    double seconds() {
        return (lastNanos - firstNanos) / 1e9;
    }

    /** CPU seconds this whole JVM used between the first and the last event, all threads (GC and JIT included). */
    double cpuSeconds() {
        return (lastCpuNanos - firstCpuNanos) / 1e9;
    }

    /** Waits for {@link #finish}; throws on timeout, naming what was counted ({@code unit}: events, rows). */
    void awaitOrThrow(long timeoutSeconds, String unit) throws InterruptedException {
        if (!await(timeoutSeconds)) {
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + events + " of " + expected
                    + " " + unit);
        }
    }

    /**
     * Starts the pipeline, waits for the drain to finish, stops the pipeline, and throws if the drain
     * timed out or failed. The pipeline's listener must call {@link #finish}.
     */
    void drain(Pipeline.Builder pipeline, long timeoutSeconds) throws Exception {
        try (Pipeline p = pipeline.build()) {
            p.start();
            awaitOrThrow(timeoutSeconds, "events");
        }
        if (failure != null) {
            throw new IllegalStateException("the pipeline failed after " + events + " of " + expected
                    + " events: " + failure, failure);
        }
    }

    /** The measured fields of a reader's result line: events, seconds, events/s and CPU seconds. */
    Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events());
        result.put("seconds", String.format(Locale.ROOT, "%.3f", seconds()));
        result.put("events_per_s", Math.round(events() / seconds()));
        result.put("cpu_s", String.format(Locale.ROOT, "%.3f", cpuSeconds()));
        return result;
    }

    /** Pipeline defaults unless run.sh was given BENCH_MAX_BATCH_EVENTS / BENCH_QUEUE_EVENTS, for tuning. */
    static void applyTuning(Pipeline.Builder pipeline) {
        tuning("BENCH_MAX_BATCH_EVENTS").ifPresent(pipeline::maxBatchEvents);
        tuning("BENCH_QUEUE_EVENTS").ifPresent(pipeline::queueCapacityEvents);
    }

    private static Optional<Integer> tuning(String variable) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(v.trim()));
    }
}
