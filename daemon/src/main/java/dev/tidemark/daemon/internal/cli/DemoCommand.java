package dev.tidemark.daemon.internal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tidemark demo}: placeholder until the self-contained demo is written. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Run a self-contained demo (not in this build yet).",
        description = "Runs a self-contained demonstration (not available in this build yet).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tidemark: the demo is not available in this build yet;"
                + " see README.md for running a pipeline with 'tidemark run --config FILE'");
        return ExitCodes.FAILURE;
    }
}
