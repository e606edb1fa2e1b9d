package dev.tidemark.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The orchestrators' shared steps ({@link Bench} for PostgreSQL, {@link MysqlBench} for
 * MySQL/MariaDB): the W1-then-W2 run with each reader draining after each part, the progress line,
 * the latency mode's readiness probes and table, and the children's environment. Each vendor
 * supplies only what differs: how to write the workload and where a drain starts ({@link Workloads}).
 */
final class Orchestration {
    static final long TIMEOUT_SECONDS = Long.parseLong(System.getenv().getOrDefault("BENCH_TIMEOUT_S", "1800"));

    private Orchestration() {
    }

    /**
     * One vendor's workload on an open connection; {@code M} is where a drain starts (an LSN, a
     * binlog mark), taken before each part.
     *
     * @param settle waits for the server to settle after a workload; returns a note worth printing, or null
     */
    record Workloads<M>(Query<M> mark, Write inserts, Query<Long> rowCount, Write updatesThenDeletes,
                        Query<String> settle, Drain<M> drain) {
    }

    interface Query<T> {
        T on(Connection c) throws Exception;
    }

    interface Write {
        void on(Connection c, long n) throws Exception;
    }

    interface Drain<M> {
        Measurement drain(int run, String workload, String reader, long expected, M from) throws Exception;
    }

    /** One run of the vendor's own readers. */
    interface Run {
        List<Measurement> measure(int run) throws Exception;
    }

    /** The anchor harness's run on the same server, after ours. */
    interface AnchorRun {
        List<Measurement> measure(AnchorHarness anchors, int run) throws Exception;
    }

    /**
     * {@code runs} runs of our readers, each followed by the anchor harness when there is one (its
     * failure costs only its rows); every measurement in order.
     */
    static List<Measurement> runs(int runs, Run once, AnchorHarness anchors, AnchorRun anchorRun, Path logDir,
            int readerWidth) throws Exception {
        List<Measurement> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            all.addAll(once.measure(run));
            if (anchors != null) {
                System.out.printf("run %d: anchor harness (%s)%n", run, logDir.resolve("run" + run + "-anchors.log"));
                try {
                    List<Measurement> measured = anchorRun.measure(anchors, run);
                    measured.forEach(m -> printProgress(m, readerWidth));
                    all.addAll(measured);
                } catch (RuntimeException e) {
                    System.out.println("run " + run + ": the anchor harness failed, its rows are missing: " + e.getMessage());
                }
            }
        }
        return all;
    }

    /** The run's logs: {@code target/bench-logs/<prefix><timestamp>/}. */
    static Path logDir(String prefix) {
        return Path.of("target", "bench-logs",
                prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    }

    static void checkThroughputArgs(long n, int runs) {
        Workload.checkRowCount(n);
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
    }

    /** W1 (N inserts), each reader draining it in {@code order}, then W2 (updates and deletes) likewise. */
    static <M> List<Measurement> w1ThenW2(Connection c, int run, long n, List<String> order, String table,
            Workloads<M> w) throws Exception {
        List<Measurement> out = new ArrayList<>();
        M before = w.mark().on(c);
        long t0 = System.nanoTime();
        w.inserts().on(c, n);
        System.out.printf(Locale.ROOT, "run %d: W1 workload, %,d inserts in %.1f s%n", run, n, (System.nanoTime() - t0) / 1e9);
        long rows = w.rowCount().on(c);
        if (rows != n) {
            throw new IllegalStateException("W1 left " + rows + " rows in " + table + ", expected " + n);
        }
        settle(c, w);
        for (String reader : order) {
            out.add(w.drain().drain(run, Measurement.W1, reader, n, before));
        }

        before = w.mark().on(c);
        t0 = System.nanoTime();
        w.updatesThenDeletes().on(c, n);
        System.out.printf(Locale.ROOT, "run %d: W2 workload, %,d updates + %,d deletes in %.1f s%n", run, n / 2, n / 4,
                (System.nanoTime() - t0) / 1e9);
        settle(c, w);
        for (String reader : order) {
            out.add(w.drain().drain(run, Measurement.W2, reader, Workload.w2Events(n), before));
        }
        return out;
    }

    private static void settle(Connection c, Workloads<?> w) throws Exception {
        String note = w.settle().on(c);
        if (note != null) {
            System.out.println("note: " + note);
        }
    }

    /** Checks a drain's count against the expected one and prints its progress line. */
    static Measurement checked(String name, Measurement m, long expected, int readerWidth) {
        if (m.events() != expected) {
            throw new IllegalStateException(name + " counted " + m.events() + " events, expected " + expected);
        }
        printProgress(m, readerWidth);
        return m;
    }

    static void printProgress(Measurement m, int readerWidth) {
        System.out.printf(Locale.ROOT, "run %d: %-2s %-" + readerWidth + "s %,10d events %7.2f s %,10.0f events/s  %s  rss %s MiB%n",
                m.run(), m.workload(), m.reader(), m.events(), m.seconds(), m.eventsPerSecond(),
                m.cpuSeconds() < 0 ? "" : String.format(Locale.ROOT, "cpu %.2f µs/event", m.cpuMicrosPerEvent()),
                m.rssMib() < 0 ? "–" : Long.toString(m.rssMib()));
    }

    /** The children's environment: the password travels here, never on a command line. */
    static Map<String, String> childEnv(String password) {
        Map<String, String> env = new HashMap<>();
        if (!password.isEmpty()) {
            env.put(ChildArgs.PASSWORD_ENV, password);
        }
        return env;
    }

    static long latencyRows(int rate, int seconds, Path logDir) {
        if (rate < 1 || rate > 1_000_000 || seconds < 1) {
            throw new IllegalArgumentException("latency needs 1..1000000 commits/s and at least 1 second, got "
                    + rate + "/s for " + seconds + " s");
        }
        long expected = (long) rate * seconds;
        System.out.printf(Locale.ROOT, "Latency: single-row inserts at %,d commits/s for %d s (%,d rows); logs in %s%n%n",
                rate, seconds, expected, logDir);
        return expected;
    }

    /** A line listener for the latency child that opens {@code ready} once it prints {@link LatencyRecorder#READY}. */
    static Consumer<String> readiness(CountDownLatch ready) {
        return line -> {
            if (line.equals(LatencyRecorder.READY)) {
                ready.countDown();
            }
        };
    }

    /**
     * Probes until the pipeline delivers one: from then on it streams live, and the measured rows are
     * not queued behind its start-up (or behind another benchmark holding the lock).
     */
    static void probeUntilReady(ChildJvm child, CountDownLatch ready, PacedWriter writer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.await(1);
                throw new IllegalStateException("the latency reader never became ready");
            }
            writer.insertOne(LatencyRecorder.PROBE_STATUS);
        }
    }

    /** The latency table; {@code measuredFrom} says where each latency starts (to the handler). */
    static void printLatency(int rate, int seconds, String measuredFrom, PacedWriter.Stats written, ResultLine r) {
        System.out.printf(Locale.ROOT, "## End-to-end latency, %,d commits/s for %d s (%s to handler)%n%n", rate, seconds,
                measuredFrom);
        System.out.println("| rows | writer commits/s achieved | writer max lag ms | p50 ms | p95 ms | p99 ms | max ms | peak RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %,d | %,.0f | %.1f | %s | %s | %s | %s | %s |%n", written.rows(),
                written.commitsPerSecond(), written.maxLagMillis(), r.get("p50_ms"), r.get("p95_ms"), r.get("p99_ms"),
                r.get("max_ms"), r.get("rss_mib"));
        if (written.lateRows() > 0) {
            System.out.printf(Locale.ROOT, "%nnote: the writer ran more than one period behind schedule for %,d rows"
                    + " (it catches up by committing without waiting)%n", written.lateRows());
        }
    }
}
