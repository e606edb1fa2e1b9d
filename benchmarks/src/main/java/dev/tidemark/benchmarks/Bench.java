package dev.tidemark.benchmarks;

import dev.tidemark.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
    /** Width of the reader column in progress lines: the longest anchor's name. */
    private static final int READER_WIDTH = 28;

    private final PostgresServer server;
    private final Path logDir;
    private final Path outDir = Path.of("target", "bench-out").toAbsolutePath();
    private final long timeoutSeconds = Orchestration.TIMEOUT_SECONDS;

    private Bench(PostgresServer server) {
        this.server = server;
        this.logDir = Orchestration.logDir("");
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
        Orchestration.checkThroughputArgs(n, runs);
        AnchorHarness anchors = withAnchors ? AnchorHarness.fromEnvironment() : null;
        System.out.printf(Locale.ROOT, "Throughput: N = %,d, %d run(s), readers %s%s; logs in %s%n%n", n, runs,
                Readers.ALL, withAnchors ? " + anchors" : "", logDir);
        List<Measurement> all = Orchestration.runs(runs, run -> runOnce(run, n), anchors,
                (harness, run) -> harness.run(server, n, run, logDir), logDir, READER_WIDTH);
        Report.postgres(all, System.out).print(n, runs);
    }

    private List<Measurement> runOnce(int run, long n) throws Exception {
        List<String> order = rotate(Readers.ALL, run - 1);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        List<Measurement> out;
        try (Connection c = server.connect(DATABASE)) {
            Workload.setUp(c, Readers.ALL.stream().map(Readers::slot).toList());
            out = Orchestration.w1ThenW2(c, run, n, order, Workload.TABLE, new Orchestration.Workloads<>(
                    Workload::currentLsn, Workload::inserts, Workload::rowCount, Workload::updatesThenDeletes,
                    Workload::settle, this::drain));
        }
        server.dropDatabase(DATABASE);
        return out;
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
        return Orchestration.checked(name, Measurement.of(run, workload, child.await(timeoutSeconds + 60)), expected,
                READER_WIDTH);
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
        long expected = Orchestration.latencyRows(rate, seconds, logDir);
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
            ChildJvm child = ChildJvm.start("latency", LatencyReader.class, args, childEnv(), logDir,
                    Orchestration.readiness(ready));
            Orchestration.probeUntilReady(child, ready, writer);
            written = writer.run(rate, seconds);
            r = child.await(timeoutSeconds);
        }
        server.dropDatabase(DATABASE);
        Orchestration.printLatency(rate, seconds, "commit time", written, r);
    }

    // ------------------------------------------------------------------ helpers

    /** A URL without credentials: children take the user as an argument and the password from the environment. */
    private String plainUrl(String database) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database;
    }

    private Map<String, String> childEnv() {
        return Orchestration.childEnv(server.password());
    }
}
