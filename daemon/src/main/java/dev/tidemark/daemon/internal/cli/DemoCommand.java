package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark demo}: a throwaway PostgreSQL started from the installed binaries
 * ({@link DemoServer}), a writer placing and updating orders ({@link DemoWriter}), and the daemon's own
 * runtime streaming it into a JSONL file ({@link DemoPipeline}), with a live line of counts, rate and
 * lag ({@link DemoDisplay}) and a summary at the end ({@link DemoSummary}). Ctrl-C stops everything
 * and removes the server; the JSONL file stays for reading.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Run a self-contained demo on a throwaway PostgreSQL.",
        description = "Starts a private PostgreSQL (from the installed binaries, on a free port), installs a small"
                + " shop schema, writes orders for a few seconds while a pipeline streams the changes into a JSONL"
                + " file, and shows the stream live. Ctrl-C stops early; the server is removed either way.")
final class DemoCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "8", description = "How long the writer runs (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--rate", defaultValue = "200", description = "Writer transactions per second (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--out", defaultValue = "tidemark-demo/shop.jsonl", description = "The JSONL output file (default ${DEFAULT-VALUE}).")
    private Path out;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seconds < 1 || rate < 1) {
            err.println("tidemark: --seconds and --rate must be at least 1");
            return ExitCodes.USAGE;
        }
        quietLogs();
        Path jsonl = out.toAbsolutePath();
        Files.deleteIfExists(jsonl); // each demo starts a new database, so a new stream
        o.println("Starting a throwaway PostgreSQL from the installed binaries…");
        o.flush();
        try (DemoServer server = DemoServer.start()) {
            o.println(server.describe());
            TidemarkConfig config = context.configLoader().parse(server.pipelineConfig(jsonl), "demo");
            DemoPipeline pipeline = new DemoPipeline(new DaemonRuntime(config, context.components(), context.clock()));
            DemoWriter writer = new DemoWriter(server, rate, err);
            context.onShutdown().accept(() -> {
                writer.stop();
                pipeline.stopUninterruptibly();
            });
            pipeline.start();
            if (!server.awaitActiveSlot(pipeline::running, Duration.ofSeconds(60))) {
                pipeline.stop();
                err.println("tidemark: the demo pipeline did not start"
                        + pipeline.failure().map(f -> ": " + f.getMessage()).orElse(" within 60 s"));
                return ExitCodes.FAILURE;
            }
            o.printf("Streaming public.customers and public.orders into %s%n", jsonl);
            o.printf("Writing about %d transactions/s for %d s (Ctrl-C stops early)…%n%n", rate, seconds);
            o.flush();
            writer.start();
            new DemoDisplay(o, context.clock()).show(pipeline, writer, Duration.ofSeconds(seconds));
            writer.stopAndJoin();
            pipeline.stop();
            if (pipeline.failure().isPresent()) {
                err.println("tidemark: the demo pipeline failed: " + pipeline.failure().get().getMessage());
                return ExitCodes.FAILURE;
            }
            DemoSummary.print(o, jsonl, writer.rows());
        }
        o.println("The throwaway PostgreSQL was stopped and removed.");
        o.flush();
        return ExitCodes.OK;
    }

    /** The live display replaces the daemon's INFO log lines; warnings still show. */
    private static void quietLogs() {
        org.slf4j.ILoggerFactory f = org.slf4j.LoggerFactory.getILoggerFactory();
        if (f instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
