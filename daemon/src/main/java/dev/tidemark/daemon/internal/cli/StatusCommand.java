package dev.tidemark.daemon.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.daemon.internal.runtime.HostContext;
import dev.tidemark.daemon.internal.runtime.SectionHost;
import dev.tidemark.daemon.internal.runtime.SectionHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidemark status}: each part's stored progress and lag, read without running. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = TidemarkCommand.Version.class,
        header = "Show checkpoints and source lag.",
        description =
                "Shows each pipeline's stored checkpoint and how far its source is ahead of it "
                + "(for PostgreSQL: the bytes of WAL the slot retains; for MySQL/MariaDB: the bytes of binlog "
                + "written after the checkpoint). Reads only; the daemon may be running. "
                + "Exit code 1 when some pipeline's status could not be read.")
final class StatusCommand extends ConfigCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    private boolean json;

    StatusCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        TidemarkConfig config = loadConfig();
        Map<String, List<SectionHost.Report>> reports = new LinkedHashMap<>();
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            HostContext host = offlineContext(databases);
            for (TidemarkConfig.Section<?> section : config.sections()) {
                SectionHosts.Hosted<?> hosted = context.hosts().hosted(section);
                reports.put(hosted.key(), hosted.status(host));
            }
        }
        if (json) {
            printJson(reports);
        } else {
            printText(reports);
        }
        out().flush();
        return reports.values().stream().flatMap(List::stream).allMatch(r -> r.errors().isEmpty())
                ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void printText(Map<String, List<SectionHost.Report>> reports) {
        for (SectionHost.Report r : reports.values().stream().flatMap(List::stream).toList()) {
            out().println(r.heading());
            for (Map.Entry<String, String> line : r.lines()) {
                out().printf("  %-18s %s%n", line.getKey() + ":", line.getValue());
            }
        }
    }

    /** One document: per section key, the list of its parts' entries. */
    private void printJson(Map<String, List<SectionHost.Report>> reports) {
        ObjectNode root = JSON.createObjectNode();
        reports.forEach((key, list) -> {
            ArrayNode parts = root.putArray(key);
            list.forEach(r -> parts.add(r.json()));
        });
        try {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
