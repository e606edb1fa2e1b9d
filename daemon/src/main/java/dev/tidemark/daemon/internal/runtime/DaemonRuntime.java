package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.EffectiveConfig;
import dev.tidemark.daemon.internal.config.PipelineConfig;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.http.HttpEndpoint;
import dev.tidemark.daemon.internal.metrics.PipelineMetrics;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.spi.ChangeSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code tidemark run} does: builds every configured pipeline, applies checkpoint migrations
 * when asked to, serves health and metrics, starts the pipelines and waits. It returns after
 * {@link #requestStop()} once every pipeline stopped gracefully, and throws
 * {@link PipelineFailedException} when a pipeline fails, after stopping the others.
 *
 * <p>{@link #run()} is called once, on one thread; {@link #requestStop()} from any thread, at any time
 * (also before or while starting, when it makes run stop as soon as it can).
 */
public final class DaemonRuntime {
    private static final Logger log = LoggerFactory.getLogger(DaemonRuntime.class);

    private final TidemarkConfig config;
    private final Components components;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch wake = new CountDownLatch(1);
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> firstStopped = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile HttpEndpoint http;

    public DaemonRuntime(TidemarkConfig config, Components components, Clock clock) {
        this.config = config;
        this.components = components;
        this.clock = clock;
    }

    /** Asks {@link #run()} to stop every pipeline gracefully and return. */
    public void requestStop() {
        stopRequested = true;
        wake.countDown();
    }

    /** The pipelines' statuses, once built; empty before. */
    public List<PipelineStatus> statuses() {
        return pipelines.stream().map(Pipeline::status).toList();
    }

    /** The port of the http endpoint once it listens. */
    public Optional<Integer> httpPort() {
        HttpEndpoint h = http;
        return h == null ? Optional.empty() : Optional.of(h.port());
    }

    /**
     * Runs until stopped.
     *
     * @throws ConfigException         when a pipeline cannot run in this build or its parts reject the config
     * @throws PipelineFailedException when a pipeline fails (the others are stopped first)
     */
    public void run() throws InterruptedException {
        for (String line : EffectiveConfig.describe(config)) {
            log.info("config: {}", line);
        }
        Map<PipelineConfig, ChangeSource> sources = buildSources();
        PipelineMetrics metrics = new PipelineMetrics(registry, clock);
        PipelineListener onStopped = new PipelineListener() {
            @Override
            public void onStopped(String pipeline, Throwable error) {
                firstStopped.compareAndSet(null, pipeline);
                wake.countDown();
            }
        };
        boolean started = false;
        try (CheckpointDatabases checkpoints = new CheckpointDatabases(components)) {
            migrate(checkpoints);
            PipelineAssembler assembler = new PipelineAssembler(components, checkpoints,
                    List.of(new LoggingListener(), metrics, onStopped), clock);
            for (Map.Entry<PipelineConfig, ChangeSource> e : sources.entrySet()) {
                Pipeline p = assembler.assemble(e.getKey(), e.getValue());
                pipelines.add(p);
                metrics.bind(p);
            }
            config.http().ifPresent(h -> http = HttpEndpoint.start(h, this::statuses, registry));
            if (stopRequested) {
                log.info("stop requested before the pipelines started");
                return;
            }
            started = true;
            startAll();
            wake.await();
            stopAll();
            throwIfAnyFailed();
        } finally {
            if (!started) {
                closeQuietly(sources.values());
            }
            HttpEndpoint h = http;
            if (h != null) {
                h.close();
            }
            registry.close();
        }
    }

    private Map<PipelineConfig, ChangeSource> buildSources() {
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

    private void migrate(CheckpointDatabases checkpoints) {
        Set<CheckpointDatabase> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PipelineConfig p : config.pipelines()) {
            CheckpointDatabase db = checkpoints.get(p.checkpoint());
            if (p.checkpoint().autoMigrate() && done.add(db)) {
                db.migrate();
                log.info("checkpoint table ready in {}", db);
            }
        }
    }

    /** Starts each pipeline; if one cannot start, stops those already started and rethrows. */
    private void startAll() {
        List<Pipeline> running = new ArrayList<>();
        for (Pipeline p : pipelines) {
            try {
                p.start();
                running.add(p);
            } catch (RuntimeException e) {
                log.error("pipeline {} could not start: {}", p.name(), e.getMessage());
                stop(running);
                throw e;
            }
        }
    }

    private void stopAll() {
        if (!stopRequested) {
            log.info("pipeline {} stopped; stopping the others", firstStopped.get());
        } else {
            log.info("stopping {} pipeline(s): finishing the batches in hand", pipelines.size());
        }
        stop(pipelines);
    }

    /** Stops in parallel: each stop waits for its batch and checkpoint, and they don't depend on each other. */
    private static void stop(List<Pipeline> toStop) {
        List<Thread> threads = new ArrayList<>();
        for (Pipeline p : toStop) {
            Thread t = new Thread(p::stop, "tidemark-stop-" + p.name());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void throwIfAnyFailed() {
        List<PipelineStatus> failed = new ArrayList<>();
        for (Pipeline p : pipelines) {
            if (p.status().state() == PipelineStatus.State.FAILED) {
                failed.add(p.status());
            }
        }
        if (failed.isEmpty()) {
            if (!stopRequested) {
                throw new PipelineFailedException("pipeline " + firstStopped.get()
                        + " stopped although no stop was requested; the others were stopped with it", null);
            }
            log.info("all pipelines stopped");
            return;
        }
        PipelineStatus first = failed.get(0);
        Throwable cause = first.failure().orElse(null);
        String others = failed.size() == 1 ? "" : " (also failed: "
                + String.join(", ", failed.subList(1, failed.size()).stream().map(PipelineStatus::name).toList()) + ")";
        PipelineFailedException e = new PipelineFailedException("pipeline " + first.name() + " failed: "
                + (cause == null ? "unknown error" : cause.getMessage()) + others, cause);
        for (PipelineStatus s : failed.subList(1, failed.size())) {
            s.failure().ifPresent(e::addSuppressed);
        }
        throw e;
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
