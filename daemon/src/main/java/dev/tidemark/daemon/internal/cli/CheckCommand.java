package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.daemon.internal.runtime.HostContext;
import dev.tidemark.daemon.internal.runtime.SectionHost;
import dev.tidemark.daemon.internal.runtime.SectionHosts;
import dev.tidemark.engine.CheckResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code tidemark check}: preflight of every part of every section, without running any. */
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
        int fails = 0;
        int warnings = 0;
        List<String> counts = new ArrayList<>();
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            HostContext host = offlineContext(databases);
            for (TidemarkConfig.Section<?> section : config.sections()) {
                SectionHosts.Hosted<?> hosted = context.hosts().hosted(section);
                Set<String> parts = new LinkedHashSet<>();
                for (SectionHost.Finding f : hosted.check(host)) {
                    CheckResult r = f.result();
                    parts.add(f.part());
                    out().printf("%-4s [%s] %s: %s%n", r.severity(), f.part(), r.name(), r.message());
                    fails += r.severity() == CheckResult.Severity.FAIL ? 1 : 0;
                    warnings += r.severity() == CheckResult.Severity.WARN ? 1 : 0;
                }
                counts.add(parts.size() + " " + hosted.partKind() + "(s)");
            }
        }
        out().printf("%s checked: %d failure(s), %d warning(s)%n", String.join(", ", counts), fails, warnings);
        out().flush();
        return fails == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
