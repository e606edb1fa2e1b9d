package dev.tidemark.daemon.e2e;

import dev.tidemark.daemon.internal.cli.CliContext;
import dev.tidemark.daemon.internal.cli.TidemarkCommand;
import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.runtime.DefaultComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Runs a {@code tidemark} command line in this JVM with the real components (PostgreSQL source,
 * sinks, JDBC checkpoints), a given environment and working directory, and captured output. For
 * commands that end by themselves, where a child process would only add start-up time.
 */
final class InProcessCli {
    private final Path workDir;
    private final Map<String, String> env;

    InProcessCli(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
    }

    InProcessCli(Path workDir) {
        this(workDir, Map.of());
    }

    /** What a command printed and its exit code. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    Result execute(String... args) {
        return execute(stop -> {
            // commands run here end by themselves; no signal will ask them to stop
        }, args);
    }

    private Result execute(Consumer<Runnable> onShutdown, String... args) {
        CliContext context = new CliContext(ConfigLoader.withEnvironment(env, workDir), new DefaultComponents(),
                Clock.systemUTC(), onShutdown);
        CommandLine cmd = TidemarkCommand.commandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A command running on a thread of its own until {@link #stop()}, as a signal would stop it. */
    static final class Running {
        private final CompletableFuture<Result> result = new CompletableFuture<>();
        private final AtomicReference<Runnable> stop = new AtomicReference<>();

        /** Asks the command to stop as SIGTERM would, and waits for its result. */
        Result stop() throws Exception {
            Runnable s = stop.get();
            if (s == null) {
                throw new AssertionError("the command never installed its stop action; it ended with " + result.getNow(null));
            }
            s.run();
            return result.get(60, TimeUnit.SECONDS);
        }

        /** The result of a command that ended by itself. */
        Result awaitEnd() throws Exception {
            return result.get(60, TimeUnit.SECONDS);
        }

        boolean isDone() {
            return result.isDone();
        }
    }

    Running start(String... args) {
        Running running = new Running();
        Thread t = new Thread(() -> {
            try {
                running.result.complete(execute(running.stop::set, args));
            } catch (Throwable e) {
                running.result.completeExceptionally(e);
            }
        }, "tidemark-in-process");
        t.setDaemon(true);
        t.start();
        return running;
    }
}
