package dev.tidemark.daemon.internal.metrics;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.Transaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-pipeline meters, fed by the pipeline's listener hooks and read from its status. Every meter
 * has a {@code pipeline} tag. Listener methods only bump counters: cheap, never blocking, never throwing.
 *
 * <p>Lag ({@code tidemark_lag_seconds}) is now minus the commit time of the last handled change: it
 * keeps growing on a database where nothing changes, so alert on {@code tidemark_checkpoint_age_seconds}
 * (time since the last stored checkpoint, which idle-stream heartbeats keep fresh) for liveness.
 */
public final class PipelineMetrics implements PipelineListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(Counter events, Counter transactions, Counter batches, Timer batchDuration,
                          Counter handlerFailures, Counter disconnects, Counter warnings, Counter checkpoints,
                          AtomicReference<Instant> lastCheckpointAt) {
    }

    public PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the pipeline's meters (at zero) and the gauges that read its status. */
    public void bind(Pipeline pipeline) {
        String name = pipeline.name();
        Gauge.builder("tidemark.pipeline.running", pipeline, p -> p.status().state() == PipelineStatus.State.RUNNING ? 1 : 0)
                .description("1 while the pipeline runs, 0 before it started, while stopping, after it stopped or failed")
                .tag("pipeline", name).strongReference(true).register(registry);
        Gauge.builder("tidemark.lag", pipeline, p -> secondsSince(p.status().lastCommitTime()))
                .description("Now minus the commit time of the last handled change (NaN before the first)")
                .baseUnit("seconds").tag("pipeline", name).strongReference(true).register(registry);
        Gauge.builder("tidemark.last.commit.timestamp", pipeline,
                        p -> p.status().lastCommitTime().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("Commit time of the last handled change, as Unix time")
                .baseUnit("seconds").tag("pipeline", name).strongReference(true).register(registry);
        Meters m = meters(name);
        Gauge.builder("tidemark.checkpoint.age", m, x -> secondsSince(Optional.ofNullable(x.lastCheckpointAt().get())))
                .description("Time since the last checkpoint was stored (NaN before the first)")
                .baseUnit("seconds").tag("pipeline", name).strongReference(true).register(registry);
    }

    private double secondsSince(Optional<Instant> t) {
        return t.map(i -> Duration.between(i, clock.instant()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    private Meters meters(String pipeline) {
        return meters.computeIfAbsent(pipeline, p -> new Meters(
                counter("tidemark.events", p, "Change events handled (written to every sink)"),
                counter("tidemark.transactions", p, "Whole transactions handled"),
                counter("tidemark.batches", p, "Batches handled and checkpointed"),
                Timer.builder("tidemark.batch.duration").description("Time to handle and checkpoint one batch")
                        .tag("pipeline", p).register(registry),
                counter("tidemark.handler.failures", p, "Failed attempts to handle a batch (each is retried)"),
                counter("tidemark.source.disconnects", p, "Lost source connections (each is reconnected)"),
                counter("tidemark.warnings", p, "Warnings reported by the pipeline"),
                counter("tidemark.checkpoints", p, "Checkpoints stored"),
                new AtomicReference<>()));
    }

    private Counter counter(String name, String pipeline, String description) {
        return Counter.builder(name).description(description).tag("pipeline", pipeline).register(registry);
    }

    @Override
    public void onBatchHandled(String pipeline, ChangeBatch batch, Duration took) {
        Meters m = meters(pipeline);
        m.events().increment(batch.size());
        long whole = batch.transactions().stream().filter(Transaction::lastPart).count();
        m.transactions().increment(whole);
        m.batches().increment();
        m.batchDuration().record(took);
    }

    @Override
    public void onCheckpoint(String pipeline, Position position) {
        Meters m = meters(pipeline);
        m.checkpoints().increment();
        m.lastCheckpointAt().set(clock.instant());
    }

    @Override
    public void onHandlerFailed(String pipeline, int attempt, Throwable error, Duration backoff) {
        meters(pipeline).handlerFailures().increment();
    }

    @Override
    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
        meters(pipeline).disconnects().increment();
    }

    @Override
    public void onWarning(String pipeline, String message) {
        meters(pipeline).warnings().increment();
    }
}
