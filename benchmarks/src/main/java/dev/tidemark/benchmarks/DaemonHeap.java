package dev.tidemark.benchmarks;

import dev.tidemark.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * {@code run.sh daemon-heap [N] [runs]}: the daemon draining W1 with a small heap against the same
 * with the JVM's default heap (a quarter of the machine's memory). Per run: a fresh database, one
 * slot per variant made before W1, W1 (N inserts in transactions of 1,000), then each variant in
 * turn (order rotated from run to run) runs {@code tidemark run} as a user would, with a jsonl
 * sink and checkpoints in the source database, until it has written N lines ({@link DaemonDrain}).
 *
 * <p>Environment: {@code BENCH_DAEMON_XMX} (default {@code 256m}), {@code BENCH_DAEMON_JAR}
 * (default {@code ../daemon/target/tidemark.jar}), {@code BENCH_TIMEOUT_S}.
 */
final class DaemonHeap {
    static final String DATABASE = "tidemark_bench";
    private static final String DEFAULT = "default";

    private final PostgresServer server;
    private final Path workDir;
    private final Path jar;
    private final long timeoutSeconds;
    /** Variant name to its JVM options, the small heap first. */
    private final Map<String, List<String>> variants = new java.util.LinkedHashMap<>();

    DaemonHeap(PostgresServer server, Path workDir, long timeoutSeconds) {
        this.server = server;
        this.workDir = workDir;
        this.timeoutSeconds = timeoutSeconds;
        this.jar = Path.of(System.getenv().getOrDefault("BENCH_DAEMON_JAR", "../daemon/target/tidemark.jar"))
                .toAbsolutePath().normalize();
        String xmx = System.getenv().getOrDefault("BENCH_DAEMON_XMX", "256m").trim();
        variants.put("xmx" + xmx.toLowerCase(Locale.ROOT), List.of("-Xmx" + xmx));
        variants.put(DEFAULT, List.of());
    }

    void run(long n, int runs) throws Exception {
        Workload.checkRowCount(n);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no daemon jar at " + jar + "; build it with mvn -q -B -DskipTests -pl daemon -am"
                    + " package, or set BENCH_DAEMON_JAR");
        }
        List<String> names = new ArrayList<>(variants.keySet());
        System.out.printf(Locale.ROOT, "Daemon heap: W1 = %,d inserts, %d run(s), variants %s, daemon %s; work in %s%n%n",
                n, runs, variants, jar, workDir);
        List<DaemonDrain.Result> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            server.dropDatabase(DATABASE);
            server.createDatabase(DATABASE);
            try (Connection c = server.connect(DATABASE)) {
                Workload.setUp(c, names.stream().map(DaemonHeap::slot).toList());
                long t0 = System.nanoTime();
                Workload.inserts(c, n);
                System.out.printf(Locale.ROOT, "run %d: W1 workload, %,d inserts in %.1f s%n", run, n,
                        (System.nanoTime() - t0) / 1e9);
                String note = Workload.settle(c);
                if (note != null) {
                    System.out.println("note: " + note);
                }
            }
            for (String variant : Bench.rotate(names, run - 1)) {
                DaemonDrain.Result r = DaemonDrain.run(run, variant, variants.get(variant), jar,
                        workDir.resolve("run" + run + "-" + variant), config(variant), env(), n, timeoutSeconds);
                print(r);
                all.add(r);
            }
            server.dropDatabase(DATABASE);
        }
        report(all, names, n, runs);
    }

    static String slot(String variant) {
        return "bench_daemon_" + variant;
    }

    /** The configuration a user would write: a jsonl sink, checkpoints in the source database (the default). */
    private String config(String variant) {
        return "pipelines:\n"
                + "  - name: heap_" + variant + "\n"
                + "    source:\n"
                + "      type: postgres\n"
                + "      url: " + yaml("jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + DATABASE) + "\n"
                + "      user: " + yaml(server.user()) + "\n"
                + "      password: ${TIDEMARK_BENCH_PASSWORD:-}\n"
                + "      tables: [public.bench_orders]\n"
                + "      slot: " + slot(variant) + "\n"
                + "      publication: " + Workload.PUBLICATION + "\n"
                + "      create_missing: false\n"
                + "    sinks:\n"
                + "      - type: jsonl\n"
                + "        path: events.jsonl\n";
    }

    /** A single-quoted YAML scalar. */
    private static String yaml(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TIDEMARK_BENCH_PASSWORD", server.password());
        return env;
    }

    private static void print(DaemonDrain.Result r) {
        System.out.printf(Locale.ROOT, "run %d: %-10s %,10d events %6.2f s %,10.0f events/s  rss %,5d MiB  cpu %.2f µs/event"
                        + "  gc %d pauses %.0f ms, max after gc %d MiB of %d MiB  (watcher cpu %.2f s)%n",
                r.run(), r.variant(), r.events(), r.seconds(), r.eventsPerSecond(), r.rssMib(), r.cpuMicrosPerEvent(),
                r.gc().pauses(), r.gc().pauseMillis(), r.gc().maxAfterMib(), r.gc().maxHeapMib(), r.watcherCpuSeconds());
    }

    private void report(List<DaemonDrain.Result> all, List<String> names, long n, int runs) {
        System.out.println();
        System.out.println("## Every drain (daemon: java <options> -jar tidemark.jar run; jsonl sink; JDBC checkpoints)");
        System.out.println();
        System.out.println("| run | heap | events timed | seconds | events/s | peak RSS MiB | CPU µs/event | GC pauses | pause ms | max heap after GC MiB | heap max MiB | exit | lines |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (DaemonDrain.Result r : all) {
            System.out.printf(Locale.ROOT, "| %d | %s | %,d | %.2f | %,.0f | %d | %.2f | %d%s | %.0f | %d | %d | %d | %,d |%n",
                    r.run(), label(r), r.events(), r.seconds(), r.eventsPerSecond(), r.rssMib(), r.cpuMicrosPerEvent(),
                    r.gc().pauses(), r.gc().fullPauses() > 0 ? " (" + r.gc().fullPauses() + " full)" : "",
                    r.gc().pauseMillis(), r.gc().maxAfterMib(), r.gc().maxHeapMib(), r.exitCode(), r.totalLines());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "## Median of %d run(s), W1 = %,d inserts%n%n", runs, n);
        System.out.println("| heap | events/s | peak RSS MiB | CPU µs/event | GC pauses | pause ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (String v : names) {
            List<DaemonDrain.Result> of = all.stream().filter(r -> r.variant().equals(v)).toList();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f | %.2f | %.0f | %.0f |%n", label(of.get(0)),
                    median(of, DaemonDrain.Result::eventsPerSecond), median(of, r -> r.rssMib()),
                    median(of, DaemonDrain.Result::cpuMicrosPerEvent), median(of, r -> r.gc().pauses()),
                    median(of, r -> r.gc().pauseMillis()));
        }
        String small = names.get(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "Ratio %s / %s (median of the per-run ratios): events/s %.2f, peak RSS %.2f%n", small,
                DEFAULT, ratio(all, small, DaemonDrain.Result::eventsPerSecond), ratio(all, small, r -> r.rssMib()));
    }

    private static String label(DaemonDrain.Result r) {
        return r.jvmOptions().isEmpty() ? "default" : String.join(" ", r.jvmOptions());
    }

    private static double median(List<DaemonDrain.Result> of, ToDoubleFunction<DaemonDrain.Result> f) {
        return Stats.median(of.stream().mapToDouble(f).toArray());
    }

    private static double ratio(List<DaemonDrain.Result> all, String small, ToDoubleFunction<DaemonDrain.Result> f) {
        Map<Integer, DaemonDrain.Result> bySmall = index(all, small, DaemonDrain.Result::run);
        Map<Integer, DaemonDrain.Result> byDefault = index(all, DEFAULT, DaemonDrain.Result::run);
        double[] ratios = bySmall.keySet().stream().filter(byDefault::containsKey)
                .mapToDouble(run -> f.applyAsDouble(bySmall.get(run)) / f.applyAsDouble(byDefault.get(run))).toArray();
        return ratios.length == 0 ? Double.NaN : Stats.median(ratios);
    }

    private static Map<Integer, DaemonDrain.Result> index(List<DaemonDrain.Result> all, String variant,
                                                         Function<DaemonDrain.Result, Integer> key) {
        Map<Integer, DaemonDrain.Result> m = new HashMap<>();
        all.stream().filter(r -> r.variant().equals(variant)).forEach(r -> m.put(key.apply(r), r));
        return m;
    }
}
