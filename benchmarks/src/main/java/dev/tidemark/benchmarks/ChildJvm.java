package dev.tidemark.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One measurement in its own JVM, so that its peak RSS is its own and no JIT or heap state carries
 * over from another reader. Runs {@code java -cp <this class path> <main> <args>} under
 * {@code flock $BENCH_LOCK} (default {@code /tmp/bench.lock}, the lock the anchor harnesses take),
 * so that measurements on this shared machine never overlap with another benchmark's. Its stderr
 * and stdout go to {@code <logDir>/<name>.log}.
 *
 * <p>Environment: {@code BENCH_JAVA_OPTS} (extra JVM options, default none: JVM defaults, as the
 * anchors run), {@code BENCH_JFR=1} (record a JFR profile to {@code <logDir>/<name>.jfr}).
 */
final class ChildJvm {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread pump;
    /** Set by the stdout pump when the child prints its result line. */
    private final AtomicReference<ResultLine> result;

    private ChildJvm(String name, Process process, Path log, Thread pump, AtomicReference<ResultLine> result) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pump = pump;
        this.result = result;
    }

    /**
     * Starts the child. {@code onLine} sees each stdout line as it comes (the latency mode waits for
     * READY); {@code env} is added to this JVM's environment.
     */
    static ChildJvm start(String name, Class<?> main, List<String> args, Map<String, String> env, Path logDir,
                          Consumer<String> onLine) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(lockPrefix());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("BENCH_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        if ("1".equals(System.getenv("BENCH_JFR"))) {
            cmd.add("-XX:StartFlightRecording=filename=" + logDir.resolve(name + ".jfr").toAbsolutePath() + ",settings=profile,method-profiling=max");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        AtomicReference<ResultLine> holder = new AtomicReference<>();
        Thread pump = new Thread(() -> pumpStdout(p, log, onLine, holder), "bench-" + name + "-stdout");
        pump.setDaemon(true);
        pump.start();
        return new ChildJvm(name, p, log, pump, holder);
    }

    private static void pumpStdout(Process p, Path log, Consumer<String> onLine, AtomicReference<ResultLine> holder) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                String l = line;
                out.println("[stdout] " + l);
                ResultLine.parse(l).ifPresent(holder::set);
                onLine.accept(l);
            }
        } catch (IOException e) {
            // the child died; its exit code and log say why
        }
    }

    /** Waits for the child and returns its result line; throws with the log's tail when it failed. */
    ResultLine await(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; killed it. Log "
                    + log + ":\n" + tail());
        }
        pump.join(10_000);
        ResultLine r = result.get();
        if (process.exitValue() != 0 || r == null) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "). Log " + log + ":\n" + tail());
        }
        return r;
    }

    /** Ends the child (and the JVM under flock): our own processes only. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** {@code flock <lock>} when flock is installed, else nothing (and a note once). */
    static List<String> lockPrefix() {
        String lock = System.getenv().getOrDefault("BENCH_LOCK", "/tmp/bench.lock");
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path flock = Path.of(dir, "flock");
            if (Files.isExecutable(flock)) {
                return List.of(flock.toString(), lock);
            }
        }
        if (!warnedNoFlock) {
            warnedNoFlock = true;
            System.out.println("note: flock is not installed; measurements are not serialised with other benchmarks");
        }
        return List.of();
    }

    private static boolean warnedNoFlock;
}
