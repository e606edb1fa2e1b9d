package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.runtime.Components;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/** Runs the tidemark command line in-process with captured output and an injected environment. */
final class Cli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicReference<Runnable> stop = new AtomicReference<>();
    private final CliContext context;

    Cli(Components components, Path workingDirectory, Map<String, String> env) {
        this.context = new CliContext(ConfigLoader.withEnvironment(env, workingDirectory), components,
                Clock.systemUTC(), stop::set);
    }

    int execute(String... args) {
        CommandLine cmd = TidemarkCommand.commandLine(context);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
