package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import picocli.CommandLine.Command;

/** {@code tidemark run}: runs every part of every configured section (pipelines, ...) until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Run every pipeline until stopped.",
        description =
                "Runs every configured pipeline until SIGTERM or Ctrl-C, then stops them gracefully: "
                + "each finishes the batch in hand and stores its checkpoint. If a pipeline fails, "
                + "the others are stopped and the exit code is 1.")
final class RunCommand extends ConfigCommand {

    RunCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        TidemarkConfig config = loadConfig();
        DaemonRuntime runtime = new DaemonRuntime(config, context.components(), context.clock(), context.hosts());
        context.onShutdown().accept(runtime::requestStop);
        runtime.run();
        return ExitCodes.OK;
    }
}
