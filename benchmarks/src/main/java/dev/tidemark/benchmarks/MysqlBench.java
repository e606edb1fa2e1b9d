package dev.tidemark.benchmarks;

import dev.tidemark.testing.MariaDbServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The MySQL/MariaDB side of {@code benchmarks/run.sh mysql}. One MariaDB server for the whole run
 * (the testing module's private server from the installed binaries, started with
 * {@code --innodb-buffer-pool-size=1G} like the anchors' server and the fixtures' usual
 * {@code --innodb-flush-log-at-trx-commit=2 --sync-binlog=0}; or the server named by
 * {@code TIDEMARK_TEST_MYSQL_URL}, which run.sh sets from MYHOST/MYPORT/MYUSER), then:
 * <ul>
 *   <li>{@code throughput N runs [--with-anchors]}: per run a fresh database, W1 then W2 of
 *       {@link MysqlWorkload}, and after each part both readers of {@link MysqlReaderMain} draining
 *       it from the binlog mark taken before it, each in its own JVM, their order rotated from run
 *       to run. With {@code --with-anchors}, the shared cdc-mysql harness runs after each run on the
 *       same server (mariadb-binlog, its BinaryLogClient reader, Debezium Embedded).</li>
 *   <li>{@code latency rate seconds}: {@link MysqlLatencyReader} in a child JVM, a paced writer
 *       here committing single-row inserts at the given rate.</li>
 * </ul>
 * Logs of every child JVM go to {@code target/bench-logs/mysql-<timestamp>/}.
 */
public final class MysqlBench {
    private static final String DATABASE = "tidemark_bench";
    private static final List<String> READERS = List.of(MysqlReaderMain.BINLOG_RAW, MysqlReaderMain.TIDEMARK);
    /** Replica ids of the readers; far from the server's and from the anchors' (54001 and Debezium's). */
    private static final Map<String, Long> SERVER_IDS = Map.of(MysqlReaderMain.BINLOG_RAW, 7_701L,
            MysqlReaderMain.TIDEMARK, 7_702L, "latency", 7_703L);
    /** Width of the reader column in progress lines: the longest anchor's name. */
    private static final int READER_WIDTH = 34;

    private final MariaDbServer server;
    private final Path logDir;
    private final long timeoutSeconds = Orchestration.TIMEOUT_SECONDS;

    private MysqlBench(MariaDbServer server) {
        this.server = server;
        this.logDir = Orchestration.logDir("mysql-");
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        try (MariaDbServer server = startServer()) {
            MysqlBench bench = new MysqlBench(server);
            printMachine(server, System.out);
            switch (args[0]) {
                case "throughput" -> {
                    long n = args.length > 1 && !args[1].startsWith("--") ? Long.parseLong(args[1]) : 1_000_000;
                    int runs = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 3;
                    bench.throughput(n, runs, List.of(args).contains("--with-anchors"));
                }
                case "latency" -> {
                    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
                    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
                    bench.latency(rate, seconds);
                }
                case "daemon-heap" -> bench.daemonHeap(args.length > 1 ? Long.parseLong(args[1]) : 1_000_000);
                default -> usage();
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: MysqlBench throughput [N] [runs] [--with-anchors] | MysqlBench latency [commits/s] [seconds]"
                + " | MysqlBench daemon-heap [N]");
        System.exit(2);
    }

    private static MariaDbServer startServer() {
        String external = System.getenv("TIDEMARK_TEST_MYSQL_URL");
        if (external != null && !external.isBlank()) {
            return MariaDbServer.startDedicated();
        }
        // the anchors' server settings; the fixtures already flush lazily (trx-commit=2, sync-binlog=0)
        return MariaDbServer.startDedicatedWith("--innodb-buffer-pool-size=1G");
    }

    private static void printMachine(MariaDbServer server, PrintStream out) {
        MachineFacts.printHost(out);
        out.println("- MariaDB: " + server.queryScalar(server.adminDatabase(), "SELECT version()"));
        StringBuilder sb = new StringBuilder();
        for (String v : List.of("log_bin", "binlog_format", "binlog_row_image", "binlog_row_metadata",
                "innodb_flush_log_at_trx_commit", "sync_binlog", "innodb_buffer_pool_size")) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v).append('=').append(server.variable(v));
        }
        out.println("- server: " + server.kind() + " on " + server.host() + ":" + server.port() + "; " + sb);
        out.println();
    }

    // ------------------------------------------------------------------ throughput

    private void throughput(long n, int runs, boolean withAnchors) throws Exception {
        Orchestration.checkThroughputArgs(n, runs);
        AnchorHarness anchors = withAnchors ? anchorHarness() : null;
        System.out.printf(Locale.ROOT, "Throughput: N = %,d, %d run(s), readers %s%s; logs in %s%n%n", n, runs,
                READERS, withAnchors ? " + anchors" : "", logDir);
        List<Measurement> all = Orchestration.runs(runs, run -> runOnce(run, n), anchors, (harness, run) -> {
            Map<String, String> env = new HashMap<>();
            env.put("MYHOST", server.host());
            env.put("MYPORT", Integer.toString(server.port()));
            env.put("MYUSER", server.user());
            return harness.run(env, n, run, logDir);
        }, logDir, READER_WIDTH);
        report(all, n, runs, System.out);
    }

    private static AnchorHarness anchorHarness() {
        String configured = System.getenv("BENCH_MYSQL_ANCHOR_DIR");
        if (configured == null || configured.isBlank() || !Files.isRegularFile(Path.of(configured, "run.sh"))) {
            throw new IllegalStateException("--with-anchors needs the anchor harness: set BENCH_MYSQL_ANCHOR_DIR to the"
                    + " shared/anchors/cdc-mysql directory (run.sh looks for it beside the repository)");
        }
        return new AnchorHarness(Path.of(configured));
    }

    private List<Measurement> runOnce(int run, long n) throws Exception {
        List<String> order = Bench.rotate(READERS, run - 1);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        List<Measurement> out;
        try (Connection c = server.connect(DATABASE)) {
            MysqlWorkload.setUp(c);
            out = Orchestration.w1ThenW2(c, run, n, order, MysqlWorkload.TABLE, new Orchestration.Workloads<>(
                    MysqlWorkload::mark, MysqlWorkload::inserts, MysqlWorkload::rowCount, MysqlWorkload::updatesThenDeletes,
                    conn -> MysqlWorkload.settle(conn, Duration.ofSeconds(120)), this::drain));
        }
        server.dropDatabase(DATABASE);
        return out;
    }

    private Measurement drain(int run, String workload, String reader, long expected, MysqlWorkload.Mark from)
            throws Exception {
        List<String> args = new ArrayList<>(serverArgs());
        args.addAll(List.of(
                "reader=" + reader,
                "server-id=" + SERVER_IDS.get(reader),
                "file=" + from.file(),
                "pos=" + from.position(),
                "gtids=" + from.gtids(),
                "expected=" + expected,
                "timeout-s=" + timeoutSeconds));
        String name = "run" + run + "-" + workload + "-" + reader;
        ChildJvm child = ChildJvm.start(name, MysqlReaderMain.class, args, childEnv(), logDir, line -> { });
        return Orchestration.checked(name, Measurement.of(run, workload, child.await(timeoutSeconds + 60)), expected,
                READER_WIDTH);
    }

    // ------------------------------------------------------------------ report

    static void report(List<Measurement> all, long n, int runs, PrintStream out) {
        new Report(all, out, READERS, MysqlBench::pairs, false).print(n, runs);
    }

    /** Tidemark against our bare client and the anchors, each ratio only when its denominator was measured. */
    private static List<String[]> pairs(Set<String> measured) {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {MysqlReaderMain.TIDEMARK, MysqlReaderMain.BINLOG_RAW});
        pairs.add(new String[] {MysqlReaderMain.TIDEMARK, "anchor:binlog-connector-raw"});
        pairs.add(new String[] {MysqlReaderMain.TIDEMARK, "anchor:debezium-embedded"});
        pairs.add(new String[] {MysqlReaderMain.BINLOG_RAW, "anchor:binlog-connector-raw"});
        pairs.removeIf(p -> !measured.contains(p[1]));
        return pairs;
    }

    // ------------------------------------------------------------------ latency

    private void latency(int rate, int seconds) throws Exception {
        long expected = Orchestration.latencyRows(rate, seconds, logDir);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        ResultLine r;
        PacedWriter.Stats written;
        try (Connection c = server.connect(DATABASE)) {
            MysqlWorkload.setUp(c);
            PacedWriter writer = new PacedWriter(c, "INSERT INTO `" + MysqlWorkload.TABLE
                    + "` (`customer_id`, `amount`, `status`, `note`) VALUES (?, ?, ?, ?)");
            CountDownLatch ready = new CountDownLatch(1);
            List<String> args = new ArrayList<>(serverArgs());
            args.addAll(List.of("server-id=" + SERVER_IDS.get("latency"), "expected=" + expected,
                    "timeout-s=" + timeoutSeconds));
            ChildJvm child = ChildJvm.start("latency", MysqlLatencyReader.class, args, childEnv(), logDir,
                    Orchestration.readiness(ready));
            Orchestration.probeUntilReady(child, ready, writer);
            written = writer.run(rate, seconds);
            r = child.await(timeoutSeconds);
        }
        server.dropDatabase(DATABASE);
        Orchestration.printLatency(rate, seconds, "insert's current_timestamp(6)", written, r);
    }

    // ------------------------------------------------------------------ daemon heap

    /**
     * The {@code tidemark} daemon (the jar named by {@code BENCH_DAEMON_JAR}) run with {@code -Xmx256m}
     * ({@code BENCH_DAEMON_XMX} to change it)
     * on a {@code mysql} pipeline to a jsonl file while W1 is written: it must take all N events
     * without running out of heap. Reports the time from the workload's start to the last line, and
     * the daemon's peak RSS.
     */
    private void daemonHeap(long n) throws Exception {
        Workload.checkRowCount(n);
        String jar = System.getenv("BENCH_DAEMON_JAR");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("daemon-heap needs BENCH_DAEMON_JAR naming daemon/target/tidemark.jar");
        }
        String xmx = System.getenv().getOrDefault("BENCH_DAEMON_XMX", "256m");
        System.out.printf(Locale.ROOT, "Daemon heap: W1 (%,d inserts) through `tidemark run` with -Xmx%s to a jsonl"
                + " file; logs in %s%n%n", n, xmx, logDir);
        Files.createDirectories(logDir);
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        Path dir = logDir.resolve("daemon");
        Files.createDirectories(dir);
        Path jsonl = dir.resolve("w1.jsonl");
        Path config = dir.resolve("tidemark.yaml");
        Files.writeString(config, "pipelines:\n"
                + "  - name: bench_daemon\n"
                + "    source:\n"
                + "      type: mysql\n"
                + "      url: 'jdbc:mariadb://" + server.host() + ":" + server.port() + "/" + DATABASE + "'\n"
                + "      user: " + server.user() + "\n"
                + "      password: '${BENCH_MYSQL_PASSWORD:-}'\n"
                + "      server_id: " + SERVER_IDS.get("latency") + "\n"
                + "      tables: [" + DATABASE + "." + MysqlWorkload.TABLE + "]\n"
                + "    sinks: [{type: jsonl, path: " + jsonl + "}]\n");
        try (Connection c = server.connect(DATABASE)) {
            MysqlWorkload.setUp(c);
            long connectionsBefore = queryLong(c, "SELECT CONNECTION_ID()");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-jar", jar, "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            pb.environment().put("BENCH_MYSQL_PASSWORD", server.password());
            Process daemon = pb.start();
            try {
                // a first start reads from the end of the binlog: write once its client is connected
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (queryLong(c, "SELECT count(*) FROM information_schema.processlist WHERE command = 'Binlog Dump'"
                        + " AND id > " + connectionsBefore) == 0) {
                    if (!daemon.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the daemon never connected to the binlog; see " + dir.resolve("daemon.log"));
                    }
                    Thread.sleep(100);
                }
                long t0 = System.nanoTime();
                MysqlWorkload.inserts(c, n);
                double workload = (System.nanoTime() - t0) / 1e9;
                LineCounter lines = new LineCounter(jsonl);
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                while (lines.count() < n) {
                    if (!daemon.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the daemon " + (daemon.isAlive() ? "timed out" : "exited with "
                                + daemon.exitValue()) + " after " + lines.count() + " of " + n + " events; see "
                                + dir.resolve("daemon.log"));
                    }
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long rss = peakRssMib(daemon.pid());
                daemon.destroy();
                boolean ended = daemon.waitFor(60, TimeUnit.SECONDS);
                System.out.println("| events | workload s | workload + drain s | events/s | daemon peak RSS MiB | exit code after SIGTERM |");
                System.out.println("|---|---|---|---|---|---|");
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %,.0f | %s | %s |%n", lines.count(), workload, seconds,
                        lines.count() / seconds, rss < 0 ? "–" : Long.toString(rss), ended ? daemon.exitValue() : "did not stop");
                if (Files.readString(dir.resolve("daemon.log")).contains("OutOfMemoryError")) {
                    throw new IllegalStateException("the daemon ran out of heap; see " + dir.resolve("daemon.log"));
                }
            } finally {
                daemon.destroyForcibly();
                Files.deleteIfExists(jsonl);
            }
        }
        server.dropDatabase(DATABASE);
    }

    /** Counts the lines of a growing file, reading each byte once. */
    private static final class LineCounter {
        private final Path file;
        private long offset;
        private long lines;

        LineCounter(Path file) {
            this.file = file;
        }

        long count() throws java.io.IOException {
            if (!Files.exists(file)) {
                return 0;
            }
            try (var ch = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
                ch.position(offset);
                int r;
                while ((r = ch.read(buf)) > 0) {
                    for (int i = 0; i < r; i++) {
                        if (buf.get(i) == '\n') {
                            lines++;
                        }
                    }
                    offset += r;
                    buf.clear();
                }
            }
            return lines;
        }
    }

    /** VmHWM of another process, from /proc, or -1. */
    private static long peakRssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return -1;
    }

    private static long queryLong(Connection c, String sql) throws java.sql.SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Where the children connect; the password travels in the environment only. */
    private List<String> serverArgs() {
        return List.of("host=" + server.host(), "port=" + server.port(), "user=" + server.user(), "database=" + DATABASE);
    }

    private Map<String, String> childEnv() {
        return Orchestration.childEnv(server.password());
    }
}
