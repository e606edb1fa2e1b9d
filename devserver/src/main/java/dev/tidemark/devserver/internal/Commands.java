package dev.tidemark.devserver.internal;

import dev.tidemark.devserver.DevServerException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short-lived commands (initdb, pg_ctl, mariadb-install-db) and collects their output. */
public final class Commands {

    /** A finished command: its exit code and merged stdout/stderr. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws with the command's output when it failed. */
        public Result orThrow(String what) {
            if (!ok()) {
                throw new DevServerException(what + " failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n" + output.strip());
            }
            return this;
        }
    }

    private Commands() {
    }

    /**
     * Runs the command in {@code directory} (or the current one when null) and waits up to
     * {@code timeout}; a command still running then is killed and reported. Output goes through a
     * temporary file rather than a pipe, so a daemon the command leaves behind (pg_ctl's server)
     * cannot hold us up by keeping the pipe open.
     */
    public static Result run(List<String> command, Path directory, Duration timeout) {
        return run(command, directory, Map.of(), timeout);
    }

    /** {@link #run(List, Path, Duration)} with {@code environment} added to the command's environment. */
    public static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("tidemark-cmd", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new DevServerException("command did not finish within " + timeout.toSeconds() + "s: "
                        + String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DevServerException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevServerException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    /** The last {@code lines} lines of a log file, or a note saying why there are none. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
