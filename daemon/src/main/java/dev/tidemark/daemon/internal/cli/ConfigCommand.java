package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.daemon.internal.runtime.HostContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that reads a configuration file: the {@code --config} option and its loading. */
abstract class ConfigCommand implements Callable<Integer> {
    protected final CliContext context;

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The configuration file (YAML), e.g. tidemark.yaml.")
    protected Path configFile;

    protected ConfigCommand(CliContext context) {
        this.context = context;
    }

    /** The validated configuration; a {@link dev.tidemark.engine.ConfigException} exits with 2. */
    protected TidemarkConfig loadConfig() {
        return context.configLoader().load(configFile);
    }

    /**
     * A context for the section hosts outside {@code run}: components and the open checkpoint
     * databases; no metrics are served and no part runs.
     */
    protected HostContext offlineContext(CheckpointDatabases databases) {
        return new HostContext(context.components(), databases, context.clock(),
                new SimpleMeterRegistry(), part -> { });
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
