package dev.tidemark.daemon.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabase;
import dev.tidemark.daemon.internal.runtime.CheckpointDatabases;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.spi.ChangeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidemark status}: each pipeline's stored progress and its source's lag, read without streaming. */
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

    /** What was learnt about one pipeline; a part that could not be read is empty and explained in errors. */
    record Report(PipelineConfig pipeline, Optional<Checkpoint> checkpoint, Optional<Instant> updatedAt,
                  Optional<SourceStatus> source, List<String> errors) {
    }

    @Override
    public Integer call() {
        TidemarkConfig config = loadConfig();
        List<Report> reports = new ArrayList<>();
        try (CheckpointDatabases databases = new CheckpointDatabases(context.components())) {
            for (PipelineConfig p : config.pipelines()) {
                reports.add(report(p, databases));
            }
        }
        if (json) {
            printJson(reports);
        } else {
            printText(reports);
        }
        out().flush();
        return reports.stream().allMatch(r -> r.errors().isEmpty()) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private Report report(PipelineConfig p, CheckpointDatabases databases) {
        List<String> errors = new ArrayList<>();
        Optional<Checkpoint> checkpoint = Optional.empty();
        Optional<Instant> updatedAt = Optional.empty();
        try {
            CheckpointDatabase db = databases.get(p.checkpoint());
            // before the first run or migrate there is no table, and so no checkpoint: not an error
            if (db.hasCheckpointTable()) {
                checkpoint = db.store().load(p.name());
                updatedAt = db.updatedAt(p.name());
            }
        } catch (RuntimeException e) {
            errors.add("checkpoint: " + e.getMessage());
        }
        Optional<SourceStatus> source = Optional.empty();
        ChangeSource s = context.components().source(p.name(), p.source());
        try {
            source = Optional.of(s.inspect(p.name(), checkpoint.map(Checkpoint::position)));
        } catch (RuntimeException e) {
            errors.add("source: " + e.getMessage());
        } finally {
            try {
                s.close();
            } catch (Exception ignored) {
                // never streamed: nothing held that matters to the report
            }
        }
        return new Report(p, checkpoint, updatedAt, source, errors);
    }

    private void printText(List<Report> reports) {
        for (Report r : reports) {
            out().println(r.pipeline().name() + " (" + r.pipeline().source().type() + ")");
            line("checkpoint", r.checkpoint().map(c -> c.position().format() + " (" + c.position().kind() + ")")
                    .orElse(r.errors().stream().anyMatch(e -> e.startsWith("checkpoint:")) ? "unknown" : "none stored yet"));
            line("last commit time", r.checkpoint().map(Checkpoint::lastCommitTime).map(String::valueOf).orElse("-"));
            line("updated at", r.updatedAt().map(String::valueOf).orElse("-"));
            line("lag", r.source().flatMap(s -> s.lagBytes().isPresent()
                    ? Optional.of(s.lagBytes().getAsLong() + " bytes") : Optional.empty()).orElse("-"));
            r.source().ifPresent(s -> {
                line("connector", s.connector());
                for (Map.Entry<String, String> d : s.details().entrySet()) {
                    line(d.getKey(), d.getValue());
                }
            });
            for (String e : r.errors()) {
                line("error", e);
            }
        }
    }

    private void line(String label, String value) {
        out().printf("  %-18s %s%n", label + ":", value);
    }

    private void printJson(List<Report> reports) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode pipelines = root.putArray("pipelines");
        for (Report r : reports) {
            ObjectNode p = pipelines.addObject();
            p.put("name", r.pipeline().name());
            p.put("source_type", r.pipeline().source().type());
            if (r.checkpoint().isPresent()) {
                Checkpoint c = r.checkpoint().get();
                ObjectNode cp = p.putObject("checkpoint");
                cp.put("kind", c.position().kind());
                cp.put("position", c.position().format());
                cp.put("last_commit_time", c.lastCommitTime() == null ? null : c.lastCommitTime().toString());
                cp.put("updated_at", r.updatedAt().map(Instant::toString).orElse(null));
            } else {
                p.putNull("checkpoint");
            }
            if (r.source().isPresent()) {
                SourceStatus s = r.source().get();
                p.put("connector", s.connector());
                if (s.lagBytes().isPresent()) {
                    p.put("lag_bytes", s.lagBytes().getAsLong());
                } else {
                    p.putNull("lag_bytes");
                }
                ObjectNode details = p.putObject("details");
                s.details().forEach(details::put);
            } else {
                p.putNull("connector");
                p.putNull("lag_bytes");
                p.putObject("details");
            }
            ArrayNode errors = p.putArray("errors");
            r.errors().forEach(errors::add);
        }
        try {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
