package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabase;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.spi.ChangeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code tidemark check}: preflight of every pipeline without streaming. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Check that every pipeline can run (preflight).",
        description =
                "Checks, without streaming, that every pipeline can run: its checkpoint database and "
                + "stored checkpoint, and its source (connection, server settings, privileges, slot). "
                + "Prints one line per finding: OK, WARN or FAIL. Exit code 0 when nothing FAILs.")
final class CheckCommand extends ConfigCommand {

    CheckCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        TidemarkConfig config = loadConfig();
        List<ChangeSource> sources = new ArrayList<>();
        for (PipelineConfig p : config.pipelines()) {
            sources.add(context.components().source(p.name(), p.source()));
        }
        int fails = 0;
        int warnings = 0;
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            for (int i = 0; i < sources.size(); i++) {
                PipelineConfig p = config.pipelines().get(i);
                for (CheckResult r : check(p, sources.get(i), databases)) {
                    out().printf("%-4s [%s] %s: %s%n", r.severity(), p.name(), r.name(), r.message());
                    fails += r.severity() == CheckResult.Severity.FAIL ? 1 : 0;
                    warnings += r.severity() == CheckResult.Severity.WARN ? 1 : 0;
                }
            }
        } finally {
            for (ChangeSource s : sources) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // never ran: nothing to release that matters to the outcome
                }
            }
        }
        out().printf("%d pipeline(s) checked: %d failure(s), %d warning(s)%n", sources.size(), fails, warnings);
        out().flush();
        return fails == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static List<CheckResult> check(PipelineConfig p, ChangeSource source, CheckpointDatabases databases) {
        List<CheckResult> results = new ArrayList<>();
        Optional<Position> stored = Optional.empty();
        try {
            CheckpointDatabase db = databases.get(p.checkpoint());
            results.add(CheckResult.ok("checkpoint database", "connected to " + p.checkpoint().database().url()
                    + " as " + p.checkpoint().database().user() + ", schema " + p.checkpoint().schema()));
            String table = p.checkpoint().schema() + ".checkpoints";
            try {
                if (!db.hasCheckpointTable()) {
                    // a database Tidemark never ran on: ready when run may create the table itself
                    results.add(p.checkpoint().autoMigrate()
                            ? CheckResult.ok("checkpoint", "no checkpoint table " + table + " yet: run creates it"
                                    + " (auto_migrate is on), and this will be the pipeline's first run")
                            : CheckResult.fail("checkpoint", "the checkpoint table " + table + " does not exist and"
                                    + " auto_migrate is off: run 'tidemark migrate' first"));
                } else {
                    Optional<Checkpoint> checkpoint = db.store().load(p.name());
                    stored = checkpoint.map(Checkpoint::position);
                    results.add(CheckResult.ok("checkpoint", checkpoint
                            .map(c -> "resumes after " + c.position().kind() + " position " + c.position().format())
                            .orElse("none stored yet: this will be the pipeline's first run")));
                }
            } catch (RuntimeException e) {
                // run reads the same row at start, so it would fail the same way
                results.add(CheckResult.fail("checkpoint", "cannot read the stored checkpoint from " + table + ": "
                        + e.getMessage()));
            }
        } catch (RuntimeException e) {
            results.add(CheckResult.fail("checkpoint database", e.getMessage()));
        }
        try {
            results.addAll(source.check(p.name(), stored));
        } catch (RuntimeException e) {
            results.add(CheckResult.fail("source", "the check could not run: " + e));
        }
        return results;
    }
}
