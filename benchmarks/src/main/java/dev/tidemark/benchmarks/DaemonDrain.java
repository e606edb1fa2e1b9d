package dev.tidemark.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One drain of a slot by the real daemon: {@code java [heap options] -jar tidemark.jar run
 * --config <file>} with a jsonl sink and JDBC checkpoints in the source database, as a user runs
 * it (plus a GC log). This JVM follows the jsonl file ({@link LineCounter}), notes when the first
 * line appears and when the expected-th does, reads the daemon's peak RSS and CPU time at that
 * moment, then stops it with SIGTERM and checks that it exited cleanly, wrote exactly the
 * expected lines and never ran out of memory.
 *
 * <p>Runs under {@code flock $BENCH_LOCK} like the readers ({@link ChildJvm}); the daemon is then
 * the lock's child, found among its descendants.
 */
final class DaemonDrain {
    /** How often the file is looked at: the timing's resolution. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * @param events      lines written between the first sighting and the expected-th line, the
     *                    ones the rate counts (the lines already there at the first sighting are
     *                    the first batch's, written before the clock started)
     * @param rssMib      the daemon's VmHWM when the last expected line appeared
     * @param cpuSeconds  the daemon's CPU time (all threads) over the same window
     * @param watcherCpuSeconds this JVM's CPU time over the window: what watching cost the machine
     * @param gc          the daemon's GC log over the window
     * @param totalLines  lines in the file after the daemon stopped (must equal the expected count)
     */
    record Result(int run, String variant, List<String> jvmOptions, long events, double seconds, long rssMib,
                  double cpuSeconds, double watcherCpuSeconds, GcLog gc, long totalLines, int exitCode) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds < 0 ? -1 : cpuSeconds * 1e6 / events;
        }
    }

    private DaemonDrain() {
    }

    /**
     * Drains {@code slot} with the daemon and returns what was measured; throws with the daemon's
     * log when it failed, timed out, ran out of memory, or wrote other than {@code expected} lines.
     */
    static Result run(int run, String variant, List<String> jvmOptions, Path jar, Path workDir, String config,
                      Map<String, String> env, long expected, long timeoutSeconds) throws IOException, InterruptedException {
        deleteTree(workDir);
        Files.createDirectories(workDir);
        Path configFile = workDir.resolve("tidemark.yaml");
        Files.writeString(configFile, config, StandardCharsets.UTF_8);
        Path events = workDir.resolve("events.jsonl");
        Path gcLog = workDir.resolve("gc.log");
        Path log = workDir.resolve("daemon.log");

        List<String> cmd = new ArrayList<>(ChildJvm.lockPrefix());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Xlog:gc,gc+init:file=" + gcLog + ":timemillis,level,tags");
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", configFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process = pb.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        ProcessHandle daemon = null;
        long firstNanos = 0;
        long firstMillis = 0;
        long firstCpu = 0;
        long firstOwnCpu = 0;
        long linesAtFirst = 0;
        long lastNanos;
        long lastMillis;
        long lastCpu;
        long lastOwnCpu;
        long rss;
        try (LineCounter counter = new LineCounter(events)) {
            while (true) {
                long lines = counter.poll();
                long now = System.nanoTime();
                if (lines > 0 && firstNanos == 0) {
                    firstNanos = now;
                    firstMillis = System.currentTimeMillis();
                    daemon = daemon != null ? daemon : javaOf(process).orElse(null);
                    firstCpu = daemon == null ? -1 : ProcFacts.cpuNanos(daemon);
                    firstOwnCpu = ProcessCpu.nanos();
                    linesAtFirst = lines;
                }
                if (lines >= expected) {
                    lastNanos = now;
                    lastMillis = System.currentTimeMillis();
                    lastOwnCpu = ProcessCpu.nanos();
                    if (daemon == null) {
                        throw fail("the daemon's process was not found under " + process.pid(), log);
                    }
                    lastCpu = ProcFacts.cpuNanos(daemon);
                    rss = ProcFacts.peakRssMib(daemon.pid());
                    break;
                }
                if (!process.isAlive()) {
                    throw fail("the daemon exited (code " + process.exitValue() + ") after " + lines + " of "
                            + expected + " lines", log);
                }
                if (now > deadline) {
                    kill(process);
                    throw fail("timed out after " + timeoutSeconds + " s with " + lines + " of " + expected + " lines", log);
                }
                if (daemon == null) {
                    daemon = javaOf(process).orElse(null);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        // a user's stop: SIGTERM; the daemon finishes the batch in hand, checkpoints and exits 0
        daemon.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            kill(process);
            throw fail("the daemon did not stop within 90 s of SIGTERM", log);
        }
        int exit = process.exitValue();
        long total = LineCounter.countFile(events);
        GcLog gc = GcLog.read(gcLog, firstMillis, lastMillis);
        boolean oom = gc.outOfMemory() || Files.readString(log, StandardCharsets.UTF_8).contains("OutOfMemoryError");
        if (exit != 0 || total != expected || oom) {
            throw fail("the daemon " + (oom ? "ran out of memory; " : "") + "exited with " + exit + " and wrote " + total
                    + " lines, expected 0 and " + expected, log);
        }
        // hundreds of MB per drain: counted and checked, no longer needed
        Files.deleteIfExists(events);
        return new Result(run, variant, jvmOptions, expected - linesAtFirst, (lastNanos - firstNanos) / 1e9, rss,
                firstCpu < 0 || lastCpu < 0 ? -1 : (lastCpu - firstCpu) / 1e9, (lastOwnCpu - firstOwnCpu) / 1e9, gc,
                total, exit);
    }

    /** The JVM under flock (or the process itself when there is no flock). */
    private static Optional<ProcessHandle> javaOf(Process process) {
        if (process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            return Optional.of(process.toHandle());
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static IllegalStateException fail(String what, Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return new IllegalStateException("daemon drain: " + what + ". Log " + log + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
