package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabase;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code tidemark migrate}: creates or upgrades the checkpoint table in every checkpoint database. */
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
        // one migration per database and schema, whichever pipelines share it
        Map<CheckpointConfig, String> targets = new LinkedHashMap<>();
        for (PipelineConfig p : config.pipelines()) {
            CheckpointConfig key = new CheckpointConfig(p.checkpoint().database(), p.checkpoint().schema(), false);
            targets.merge(key, p.name(), (a, b) -> a + ", " + b);
        }
        int failures = 0;
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            for (Map.Entry<CheckpointConfig, String> t : targets.entrySet()) {
                String where = "schema " + t.getKey().schema() + " on " + t.getKey().database().url()
                        + " (pipelines " + t.getValue() + ")";
                try {
                    CheckpointDatabase db = databases.get(t.getKey());
                    db.migrate();
                    out().println("OK   " + where + ": checkpoint table up to date");
                } catch (RuntimeException e) {
                    failures++;
                    out().println("FAIL " + where + ": " + e.getMessage());
                }
            }
        }
        out().flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
