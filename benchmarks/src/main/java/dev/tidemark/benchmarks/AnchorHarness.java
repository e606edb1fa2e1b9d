package dev.tidemark.benchmarks;

import dev.tidemark.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shared anchor harness ({@code shared/anchors/cdc-pg/run.sh N}) against the runner's own
 * server, so that pg_recvlogical, the anchor's bare pgjdbc reader and Debezium Embedded are measured
 * on the same server in the same run. The harness is invoked as it is, never copied: it builds
 * itself on first use, makes its own database and slots, and takes the same {@code BENCH_LOCK}
 * around each reader. Its rows come back prefixed {@code anchor:}.
 */
final class AnchorHarness {
    private final Path dir;

    AnchorHarness(Path dir) {
        this.dir = dir;
    }

    /** {@code BENCH_ANCHOR_DIR}, which run.sh sets to the first {@code shared/anchors/cdc-pg} it finds. */
    static AnchorHarness fromEnvironment() {
        String configured = System.getenv("BENCH_ANCHOR_DIR");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("--with-anchors needs the anchor harness: set BENCH_ANCHOR_DIR to the"
                    + " shared/anchors/cdc-pg directory (run.sh looks for it beside the repository)");
        }
        Path d = Path.of(configured);
        if (!Files.isRegularFile(d.resolve("run.sh"))) {
            throw new IllegalStateException("BENCH_ANCHOR_DIR=" + d + " holds no run.sh; point it at shared/anchors/cdc-pg");
        }
        return new AnchorHarness(d);
    }

    List<Measurement> run(PostgresServer server, long n, int run, Path logDir) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", server.host());
        env.put("PGPORT", Integer.toString(server.port()));
        env.put("PGUSER", server.user());
        if (!server.password().isEmpty()) {
            env.put("PGPASSWORD", server.password());
        }
        return run(env, n, run, logDir);
    }

    /** Runs the harness with {@code env} naming the server (the MySQL harness reads MYHOST, MYPORT, MYUSER). */
    List<Measurement> run(Map<String, String> env, long n, int run, Path logDir) throws IOException, InterruptedException {
        Path log = logDir.resolve("run" + run + "-anchors.log");
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("run.sh").toString(), Long.toString(n))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("the anchor harness did not finish within 2 hours; see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the anchor harness failed (exit " + p.exitValue() + "); last lines of " + log
                    + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
        return parse(run, lines);
    }

    /** The harness's rows: {@code tool work events seconds events/s rss_mib}, rss {@code -} when unknown. */
    static List<Measurement> parse(int run, List<String> lines) {
        List<Measurement> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 6 || !(f[1].equals(Measurement.W1) || f[1].equals(Measurement.W2))) {
                continue;
            }
            try {
                out.add(new Measurement(run, "anchor:" + f[0], f[1], Long.parseLong(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), f[5].equals("-") ? -1 : Long.parseLong(f[5]), -1));
            } catch (NumberFormatException e) {
                // the header line, or a line of the harness's own chatter
            }
        }
        return out;
    }
}
