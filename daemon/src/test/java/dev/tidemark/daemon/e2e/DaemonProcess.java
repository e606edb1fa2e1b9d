package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.daemon.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real daemon: a child JVM running {@link Main} on this test JVM's class path (during
 * {@code mvn test} the shaded jar does not exist yet), in a working directory of the test's choosing,
 * its stdout and stderr captured in files there. For tests where the process matters: signals,
 * SIGKILL, exit codes.
 */
final class DaemonProcess implements AutoCloseable {
    private static final AtomicInteger LAUNCHES = new AtomicInteger();
    /** Startup matters more than peak speed here: the suite starts many short-lived daemons on 2 cores. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> command;

    private DaemonProcess(Process process, Path stdout, Path stderr, List<String> command) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.command = command;
    }

    /** Starts {@code tidemark <args>} in {@code workDir} with these variables added to the environment. */
    static DaemonProcess start(Path workDir, Map<String, String> env, String... args) {
        int n = LAUNCHES.incrementAndGet();
        Path out = workDir.resolve("daemon-" + n + ".stdout");
        Path err = workDir.resolve("daemon-" + n + ".stderr");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        // surefire puts the whole test class path (test classes, main classes, dependencies) here
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("TIDEMARK_LOG_LEVEL");
        pb.environment().putAll(env);
        try {
            Files.createDirectories(workDir);
            return new DaemonProcess(pb.start(), out, err, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the daemon " + cmd, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself and returns its exit code; fails the test if it does not. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tidemark " + command + " did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as {@code kill <pid>} or a service manager sends it. */
    void sigterm() {
        process.destroy();
    }

    /** SIGINT, as Ctrl-C sends it. */
    void sigint() throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(rc).as("kill -INT %d", process.pid()).isZero();
    }

    /** SIGKILL: no shutdown hook, no flush, no final checkpoint. Returns once the process is gone. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a daemon a failed test left running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "tidemark " + String.join(" ", command) + " (pid " + process.pid() + ")";
    }
}
