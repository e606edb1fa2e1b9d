package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.daemon.internal.runtime.HostContext;
import dev.tidemark.daemon.internal.runtime.SectionHost;
import picocli.CommandLine.Command;

/** {@code tidemark migrate}: creates or upgrades what every section stores its progress in. */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Create or upgrade the checkpoint tables.",
        description =
                "Creates or upgrades the checkpoint table in each pipeline's checkpoint database "
                + "(needed before 'run' when a pipeline sets checkpoint.auto_migrate: false). Safe to repeat.")
final class MigrateCommand extends ConfigCommand {

    MigrateCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        TidemarkConfig config = loadConfig();
        int failures = 0;
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            HostContext host = offlineContext(databases);
            for (TidemarkConfig.Section<?> section : config.sections()) {
                for (SectionHost.Outcome o : context.hosts().hosted(section).migrate(host)) {
                    failures += o.ok() ? 0 : 1;
                    out().println((o.ok() ? "OK   " : "FAIL ") + o.what() + ": " + o.message());
                }
            }
        }
        out().flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
