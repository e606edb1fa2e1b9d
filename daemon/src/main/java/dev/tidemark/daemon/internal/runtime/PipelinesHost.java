package dev.tidemark.daemon.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.PipelinesSection;
import dev.tidemark.daemon.internal.config.SectionKind;
import dev.tidemark.daemon.internal.metrics.PipelineMetrics;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.spi.ChangeSource;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime side of {@code pipelines}: each pipeline is a {@link Part}. */
public final class PipelinesHost implements SectionHost<PipelinesSection.Config> {
    private static final Logger log = LoggerFactory.getLogger(PipelinesHost.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelinesSection kind;

    public PipelinesHost(PipelinesSection kind) {
        this.kind = kind;
    }

    @Override
    public SectionKind<PipelinesSection.Config> kind() {
        return kind;
    }

    @Override
    public String partKind() {
        return "pipeline";
    }

    // ---- run

    @Override
    public List<Part> prepare(PipelinesSection.Config config, HostContext context) {
        Map<PipelineConfig, ChangeSource> sources = buildSources(config, context.components());
        try {
            migrate(config, context.checkpoints());
            PipelineMetrics metrics = new PipelineMetrics(context.meters(), context.clock());
            PipelineListener onStopped = new PipelineListener() {
                @Override
                public void onStopped(String pipeline, Throwable error) {
                    context.onPartStopped().accept("pipeline " + pipeline);
                }
            };
            PipelineAssembler assembler = new PipelineAssembler(context.components(), context.checkpoints(),
                    List.of(new LoggingListener(), metrics, onStopped), context.clock());
            List<Part> parts = new ArrayList<>();
            for (Map.Entry<PipelineConfig, ChangeSource> e : sources.entrySet()) {
                Pipeline p = assembler.assemble(e.getKey(), e.getValue());
                metrics.bind(p);
                parts.add(new PipelinePart(p, e.getValue()));
            }
            return parts;
        } catch (RuntimeException e) {
            closeQuietly(sources.values());
            throw e;
        }
    }

    private static Map<PipelineConfig, ChangeSource> buildSources(PipelinesSection.Config config, Components components) {
        Map<PipelineConfig, ChangeSource> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (PipelineConfig p : config.pipelines()) {
            try {
                sources.put(p, components.source(p.name(), p.source()));
            } catch (ConfigException e) {
                e.problems().forEach(msg -> problems.add("pipeline " + p.name() + ": source: " + msg));
            }
        }
        if (!problems.isEmpty()) {
            closeQuietly(sources.values());
            throw new ConfigException(problems);
        }
        return sources;
    }

    /** Migrates each checkpoint database once, when some pipeline on it has auto_migrate. */
    private static void migrate(PipelinesSection.Config config, CheckpointDatabases checkpoints) {
        Set<CheckpointDatabase> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PipelineConfig p : config.pipelines()) {
            CheckpointDatabase db = checkpoints.get(p.checkpoint());
            if (p.checkpoint().autoMigrate() && done.add(db)) {
                db.migrate();
                log.info("checkpoint table ready in {}", db);
            }
        }
    }

    /** A pipeline's status as its part's: the details are what {@code /health} shows of it. */
    public static PartStatus partStatus(PipelineStatus s) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", s.state().name());
        details.put("events_handled", s.eventsHandled());
        details.put("transactions_handled", s.transactionsHandled());
        details.put("last_commit_time", s.lastCommitTime().map(Object::toString).orElse(null));
        details.put("last_handled_at", s.lastHandledAt().map(Object::toString).orElse(null));
        details.put("last_checkpoint", s.lastCheckpoint().map(Position::format).orElse(null));
        s.failure().ifPresent(f -> details.put("error", String.valueOf(f.getMessage())));
        return new PartStatus(PipelinesSection.KEY, "pipeline", s.name(), PartStatus.State.valueOf(s.state().name()),
                details, s.failure());
    }

    /** A pipeline as a part; its source is closed here only when the pipeline never started (it owns it after). */
    private static final class PipelinePart implements Part {
        private final Pipeline pipeline;
        private final ChangeSource source;
        private volatile boolean started;

        PipelinePart(Pipeline pipeline, ChangeSource source) {
            this.pipeline = pipeline;
            this.source = source;
        }

        @Override
        public String name() {
            return pipeline.name();
        }

        @Override
        public void start() {
            started = true;
            pipeline.start();
        }

        @Override
        public PartStatus status() {
            return partStatus(pipeline.status());
        }

        @Override
        public void stop() {
            if (started) {
                pipeline.stop();
            } else {
                closeQuietly(List.of(source));
            }
        }

        @Override
        public Optional<Pipeline> pipeline() {
            return Optional.of(pipeline);
        }
    }

    // ---- check

    @Override
    public List<Finding> check(PipelinesSection.Config config, HostContext context) {
        List<Finding> findings = new ArrayList<>();
        List<ChangeSource> sources = new ArrayList<>();
        for (PipelineConfig p : config.pipelines()) {
            sources.add(context.components().source(p.name(), p.source()));
        }
        try {
            for (int i = 0; i < sources.size(); i++) {
                PipelineConfig p = config.pipelines().get(i);
                for (CheckResult r : check(p, sources.get(i), context.checkpoints())) {
                    findings.add(new Finding(p.name(), r));
                }
            }
        } finally {
            closeQuietly(sources);
        }
        return findings;
    }

    private static List<CheckResult> check(PipelineConfig p, ChangeSource source, CheckpointDatabases databases) {
        List<CheckResult> results = new ArrayList<>();
        Optional<Position> stored = Optional.empty();
        try {
            CheckpointDatabase db = databases.get(p.checkpoint());
            results.add(CheckResult.ok("checkpoint database", "connected to " + p.checkpoint().database().displayUrl()
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

    // ---- migrate

    @Override
    public List<Outcome> migrate(PipelinesSection.Config config, HostContext context) {
        // one migration per database and schema, whichever pipelines share it
        Map<CheckpointConfig, String> targets = new LinkedHashMap<>();
        for (PipelineConfig p : config.pipelines()) {
            CheckpointConfig key = new CheckpointConfig(p.checkpoint().database(), p.checkpoint().schema(), false);
            targets.merge(key, p.name(), (a, b) -> a + ", " + b);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<CheckpointConfig, String> t : targets.entrySet()) {
            String where = "schema " + t.getKey().schema() + " on " + t.getKey().database().displayUrl()
                    + " (pipelines " + t.getValue() + ")";
            try {
                context.checkpoints().get(t.getKey()).migrate();
                outcomes.add(new Outcome(true, where, "checkpoint table up to date"));
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(false, where, e.getMessage()));
            }
        }
        return outcomes;
    }

    // ---- status

    @Override
    public List<Report> status(PipelinesSection.Config config, HostContext context) {
        List<Report> reports = new ArrayList<>();
        for (PipelineConfig p : config.pipelines()) {
            reports.add(report(p, context));
        }
        return reports;
    }

    private static Report report(PipelineConfig p, HostContext context) {
        List<String> errors = new ArrayList<>();
        Optional<Checkpoint> checkpoint = Optional.empty();
        Optional<Instant> updatedAt = Optional.empty();
        try {
            CheckpointDatabase db = context.checkpoints().get(p.checkpoint());
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
            closeQuietly(List.of(s));
        }
        return new Report(p.name() + " (" + p.source().type() + ")", text(checkpoint, updatedAt, source, errors),
                json(p, checkpoint, updatedAt, source, errors), errors);
    }

    private static List<Map.Entry<String, String>> text(Optional<Checkpoint> checkpoint, Optional<Instant> updatedAt,
                                                        Optional<SourceStatus> source, List<String> errors) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        lines.add(line("checkpoint", checkpoint.map(c -> c.position().format() + " (" + c.position().kind() + ")")
                .orElse(errors.stream().anyMatch(e -> e.startsWith("checkpoint:")) ? "unknown" : "none stored yet")));
        lines.add(line("last commit time", checkpoint.map(Checkpoint::lastCommitTime).map(String::valueOf).orElse("-")));
        lines.add(line("updated at", updatedAt.map(String::valueOf).orElse("-")));
        lines.add(line("lag", source.flatMap(s -> s.lagBytes().isPresent()
                ? Optional.of(s.lagBytes().getAsLong() + " bytes") : Optional.empty()).orElse("-")));
        source.ifPresent(s -> {
            lines.add(line("connector", s.connector()));
            s.details().forEach((k, v) -> lines.add(line(k, v)));
        });
        errors.forEach(e -> lines.add(line("error", e)));
        return lines;
    }

    private static Map.Entry<String, String> line(String label, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(label, value);
    }

    private static ObjectNode json(PipelineConfig pipeline, Optional<Checkpoint> checkpoint, Optional<Instant> updatedAt,
                                   Optional<SourceStatus> source, List<String> errors) {
        ObjectNode p = JSON.createObjectNode();
        p.put("name", pipeline.name());
        p.put("source_type", pipeline.source().type());
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            ObjectNode cp = p.putObject("checkpoint");
            cp.put("kind", c.position().kind());
            cp.put("position", c.position().format());
            cp.put("last_commit_time", c.lastCommitTime() == null ? null : c.lastCommitTime().toString());
            cp.put("updated_at", updatedAt.map(Instant::toString).orElse(null));
        } else {
            p.putNull("checkpoint");
        }
        if (source.isPresent()) {
            SourceStatus s = source.get();
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
        errors.forEach(p.putArray("errors")::add);
        return p;
    }

    private static void closeQuietly(Iterable<ChangeSource> sources) {
        for (ChangeSource s : sources) {
            try {
                s.close();
            } catch (Exception e) {
                log.debug("closing an unused source failed: {}", e.toString());
            }
        }
    }
}
