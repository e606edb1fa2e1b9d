package dev.tidemark.benchmarks;

import dev.tidemark.testing.PostgresServer;
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

/**
 * The orchestrator behind {@code benchmarks/run.sh}. One PostgreSQL server for the whole run
 * (the testing module's private server from the installed binaries, or the server named by
 * {@code TIDEMARK_TEST_PG_URL}, which run.sh sets from PGHOST/PGPORT/PGUSER), then:
 * <ul>
 *   <li>{@code throughput N runs [--with-anchors]}: per run a fresh database, the standard workload
 *       ({@link Workload}) with the server left to settle after each part, and each reader ({@link Readers#ALL}) draining its own slot in its own
 *       JVM after W1 and again after W2; the readers' order rotates from run to run. With
 *       {@code --with-anchors}, the shared anchor harness runs after each run on the same server.</li>
 *   <li>{@code latency rate seconds}: a pipeline in a child JVM, a writer here committing
 *       single-row inserts at the given rate; end-to-end latency percentiles.</li>
 *   <li>{@code daemon-heap N runs}: the daemon's jar draining W1 with a small heap and with the
 *       default one ({@link DaemonHeap}).</li>
 * </ul>
 * Logs of every child JVM go to {@code target/bench-logs/<timestamp>/}.
 */
public final class Bench {
    private static final String DATABASE = "tidemark_bench";
    private static final String LATENCY_SLOT = "bench_latency";

    private final PostgresServer server;
    private final Path logDir;
    private final Path outDir = Path.of("target", "bench-out").toAbsolutePath();
    private final long timeoutSeconds = Long.parseLong(System.getenv().getOrDefault("BENCH_TIMEOUT_S", "1800"));

    private Bench(PostgresServer server) {
        this.server = server;
        this.logDir = Path.of("target", "bench-logs",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        try (PostgresServer server = PostgresServer.startDedicated()) {
            Bench bench = new Bench(server);
            MachineFacts.print(server, System.out);
            switch (args[0]) {
                case "throughput" -> {
                    long n = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
                    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
                    boolean anchors = List.of(args).contains("--with-anchors");
                    bench.throughput(n, runs, anchors);
                }
                case "daemon-heap" -> {
                    long n = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
                    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
                    new DaemonHeap(server, bench.outDir.resolve("daemon"), bench.timeoutSeconds).run(n, runs);
                }
                case "latency" -> {
                    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
                    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
                    bench.latency(rate, seconds);
                }
                default -> usage();
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: Bench throughput [N] [runs] [--with-anchors] | Bench latency [commits/s] [seconds]"
                + " | Bench daemon-heap [N] [runs]");
        System.exit(2);
    }

    // ------------------------------------------------------------------ throughput

    private void throughput(long n, int runs, boolean withAnchors) throws Exception {
        Workload.checkRowCount(n);
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        AnchorHarness anchors = withAnchors ? AnchorHarness.fromEnvironment() : null;
        System.out.printf(Locale.ROOT, "Throughput: N = %,d, %d run(s), readers %s%s; logs in %s%n%n", n, runs,
                Readers.ALL, withAnchors ? " + anchors" : "", logDir);
        List<Measurement> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            all.addAll(runOnce(run, n));
            if (anchors != null) {
                System.out.printf("run %d: anchor harness (%s)%n", run, logDir.resolve("run" + run + "-anchors.log"));
                try {
                    List<Measurement> measured = anchors.run(server, n, run, logDir);
                    measured.forEach(this::printProgress);
                    all.addAll(measured);
                } catch (RuntimeException e) {
                    System.out.println("run " + run + ": the anchor harness failed, its rows are missing: " + e.getMessage());
                }
            }
        }
        new Report(all, System.out).print(n, runs);
    }

    private List<Measurement> runOnce(int run, long n) throws Exception {
        List<Measurement> out = new ArrayList<>();
        List<String> order = rotate(Readers.ALL, run - 1);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        try (Connection c = server.connect(DATABASE)) {
            Workload.setUp(c, Readers.ALL.stream().map(Readers::slot).toList());

            long before = Workload.currentLsn(c);
            long t0 = System.nanoTime();
            Workload.inserts(c, n);
            System.out.printf(Locale.ROOT, "run %d: W1 workload, %,d inserts in %.1f s%n", run, n, (System.nanoTime() - t0) / 1e9);
            long rows = Workload.rowCount(c);
            if (rows != n) {
                throw new IllegalStateException("W1 left " + rows + " rows in " + Workload.TABLE + ", expected " + n);
            }
            settle(c);
            for (String reader : order) {
                out.add(drain(run, Measurement.W1, reader, n, before));
            }

            before = Workload.currentLsn(c);
            t0 = System.nanoTime();
            Workload.updatesThenDeletes(c, n);
            System.out.printf(Locale.ROOT, "run %d: W2 workload, %,d updates + %,d deletes in %.1f s%n", run, n / 2, n / 4,
                    (System.nanoTime() - t0) / 1e9);
            settle(c);
            for (String reader : order) {
                out.add(drain(run, Measurement.W2, reader, Workload.w2Events(n), before));
            }
        }
        server.dropDatabase(DATABASE);
        return out;
    }

    private static void settle(Connection c) throws Exception {
        String note = Workload.settle(c);
        if (note != null) {
            System.out.println("note: " + note);
        }
    }

    private Measurement drain(int run, String workload, String reader, long expected, long afterLsn) throws Exception {
        List<String> args = List.of(
                "reader=" + reader,
                "url=" + plainUrl(DATABASE),
                "user=" + server.user(),
                "slot=" + Readers.slot(reader),
                "publication=" + Workload.PUBLICATION,
                "expected=" + expected,
                "after-lsn=" + afterLsn,
                "timeout-s=" + timeoutSeconds,
                "out-dir=" + outDir);
        String name = "run" + run + "-" + workload + "-" + reader;
        ChildJvm child = ChildJvm.start(name, ReaderMain.class, args, childEnv(), logDir, line -> { });
        Measurement m = Measurement.of(run, workload, child.await(timeoutSeconds + 60));
        if (m.events() != expected) {
            throw new IllegalStateException(name + " counted " + m.events() + " events, expected " + expected);
        }
        printProgress(m);
        return m;
    }

    private void printProgress(Measurement m) {
        System.out.printf(Locale.ROOT, "run %d: %-2s %-28s %,10d events %7.2f s %,10.0f events/s  %s  rss %s MiB%n",
                m.run(), m.workload(), m.reader(), m.events(), m.seconds(), m.eventsPerSecond(),
                m.cpuSeconds() < 0 ? "" : String.format(Locale.ROOT, "cpu %.2f µs/event", m.cpuMicrosPerEvent()),
                m.rssMib() < 0 ? "–" : Long.toString(m.rssMib()));
    }

    static <T> List<T> rotate(List<T> list, int by) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return out;
    }

    // ------------------------------------------------------------------ latency

    private void latency(int rate, int seconds) throws Exception {
        if (rate < 1 || rate > 1_000_000 || seconds < 1) {
            throw new IllegalArgumentException("latency needs 1..1000000 commits/s and at least 1 second, got "
                    + rate + "/s for " + seconds + " s");
        }
        long expected = (long) rate * seconds;
        System.out.printf(Locale.ROOT, "Latency: single-row inserts at %,d commits/s for %d s (%,d rows); logs in %s%n%n",
                rate, seconds, expected, logDir);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        ResultLine r;
        PacedWriter.Stats written;
        try (Connection c = server.connect(DATABASE)) {
            Workload.setUp(c, List.of(LATENCY_SLOT));
            PacedWriter writer = new PacedWriter(c);
            CountDownLatch ready = new CountDownLatch(1);
            List<String> args = List.of(
                    "url=" + plainUrl(DATABASE),
                    "user=" + server.user(),
                    "slot=" + LATENCY_SLOT,
                    "publication=" + Workload.PUBLICATION,
                    "expected=" + expected,
                    "timeout-s=" + timeoutSeconds);
            ChildJvm child = ChildJvm.start("latency", LatencyReader.class, args, childEnv(), logDir, line -> {
                if (line.equals(LatencyReader.READY)) {
                    ready.countDown();
                }
            });
            // probes until the pipeline delivers one: from then on it streams live, and the measured
            // rows are not queued behind its start-up (or behind another benchmark holding the lock)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!ready.await(200, TimeUnit.MILLISECONDS)) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    child.await(1);
                    throw new IllegalStateException("the latency reader never became ready");
                }
                writer.insertOne(LatencyReader.PROBE_STATUS);
            }
            written = writer.run(rate, seconds);
            r = child.await(timeoutSeconds);
        }
        server.dropDatabase(DATABASE);
        System.out.printf(Locale.ROOT, "## End-to-end latency, %,d commits/s for %d s (commit time to handler)%n%n", rate, seconds);
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

    // ------------------------------------------------------------------ helpers

    /** A URL without credentials: children take the user as an argument and the password from the environment. */
    private String plainUrl(String database) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
    }

    private Map<String, String> childEnv() {
        Map<String, String> env = new HashMap<>();
        if (!server.password().isEmpty()) {
            env.put(ChildArgs.PASSWORD_ENV, server.password());
        }
        return env;
    }
}
