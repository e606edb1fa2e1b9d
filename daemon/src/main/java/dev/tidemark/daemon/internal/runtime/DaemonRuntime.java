package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.EffectiveConfig;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.daemon.internal.http.HttpEndpoint;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code tidemark run} does, for every part of every section of the config (pipelines; later
 * views and outboxes) under one lifecycle: each section's host prepares its parts (connections,
 * migrations, metrics), health and metrics are served, the parts start, and run waits. It returns
 * after {@link #requestStop()} once every part stopped gracefully, and throws
 * {@link PipelineFailedException} when a part fails or stops by itself, after stopping the others.
 *
 * <p>{@link #run()} is called once, on one thread; {@link #requestStop()} from any thread, at any time
 * (also before or while starting, when it makes run stop as soon as it can).
 */
public final class DaemonRuntime {
    private static final Logger log = LoggerFactory.getLogger(DaemonRuntime.class);

    private final TidemarkConfig config;
    private final Components components;
    private final Clock clock;
    private final SectionHosts hosts;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch wake = new CountDownLatch(1);
    private final List<Part> parts = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> firstStopped = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile HttpEndpoint http;

    /** With the default section hosts ({@code pipelines}). */
    public DaemonRuntime(TidemarkConfig config, Components components, Clock clock) {
        this(config, components, clock, SectionHosts.defaults());
    }

    /** @param hosts a host for every section the config holds */
    public DaemonRuntime(TidemarkConfig config, Components components, Clock clock, SectionHosts hosts) {
        this.config = config;
        this.components = components;
        this.clock = clock;
        this.hosts = hosts;
    }

    /** Asks {@link #run()} to stop every part gracefully and return. */
    public void requestStop() {
        stopRequested = true;
        wake.countDown();
    }

    /** Every part's status, once prepared; empty before. */
    public List<PartStatus> partStatuses() {
        return parts.stream().map(Part::status).toList();
    }

    /** The pipelines' statuses, once prepared; empty before. */
    public List<PipelineStatus> statuses() {
        return parts.stream().map(Part::pipeline).flatMap(Optional::stream).map(Pipeline::status).toList();
    }

    /** The port of the http endpoint once it listens. */
    public Optional<Integer> httpPort() {
        HttpEndpoint h = http;
        return h == null ? Optional.empty() : Optional.of(h.port());
    }

    /**
     * Runs until stopped.
     *
     * @throws ConfigException         when a part's components reject the config
     * @throws PipelineFailedException when a part fails (the others are stopped first)
     */
    public void run() throws InterruptedException {
        for (String line : EffectiveConfig.describe(config)) {
            log.info("config: {}", line);
        }
        boolean started = false;
        try (CheckpointDatabases checkpoints = new CheckpointDatabases(components)) {
            HostContext context = new HostContext(components, checkpoints, clock, registry, this::partStopped);
            for (TidemarkConfig.Section<?> section : config.sections()) {
                parts.addAll(hosts.hosted(section).prepare(context));
            }
            config.http().ifPresent(h -> http = HttpEndpoint.start(h, this::partStatuses, registry));
            if (stopRequested) {
                log.info("stop requested before anything started");
                return;
            }
            started = true;
            startAll();
            wake.await();
            stopAll();
            throwIfAnyFailed();
        } finally {
            if (!started) {
                parts.forEach(DaemonRuntime::stopQuietly); // releases what prepare built
            }
            HttpEndpoint h = http;
            if (h != null) {
                h.close();
            }
            registry.close();
        }
    }

    private void partStopped(String label) {
        firstStopped.compareAndSet(null, label);
        wake.countDown();
    }

    /** Starts each part; if one cannot start, stops those already started and rethrows. */
    private void startAll() {
        List<Part> running = new ArrayList<>();
        for (Part p : parts) {
            try {
                p.start();
                running.add(p);
            } catch (RuntimeException e) {
                log.error("{} could not start: {}", p.status().label(), e.getMessage());
                stop(running);
                throw e;
            }
        }
    }

    private void stopAll() {
        if (!stopRequested) {
            log.info("{} stopped; stopping the others", firstStopped.get());
        } else {
            log.info("stopping {} part(s): finishing the work in hand", parts.size());
        }
        stop(parts);
    }

    /** Stops in parallel: each stop waits for its work in hand and checkpoint, and they don't depend on each other. */
    private static void stop(List<Part> toStop) {
        List<Thread> threads = new ArrayList<>();
        for (Part p : toStop) {
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

    private static void stopQuietly(Part p) {
        try {
            p.stop();
        } catch (RuntimeException e) {
            log.debug("releasing {} failed: {}", p.name(), e.toString());
        }
    }

    private void throwIfAnyFailed() {
        List<PartStatus> failed = new ArrayList<>();
        for (Part p : parts) {
            PartStatus s = p.status();
            if (s.state() == PartStatus.State.FAILED) {
                failed.add(s);
            }
        }
        if (failed.isEmpty()) {
            if (!stopRequested) {
                throw new PipelineFailedException(firstStopped.get()
                        + " stopped although no stop was requested; the others were stopped with it", null);
            }
            log.info("all {} stopped", String.join(", ", config.sections().stream().map(s -> s.kind().key()).toList()));
            return;
        }
        PartStatus first = failed.get(0);
        Throwable cause = first.failure().orElse(null);
        String others = failed.size() == 1 ? "" : " (also failed: "
                + String.join(", ", failed.subList(1, failed.size()).stream().map(PartStatus::label).toList()) + ")";
        PipelineFailedException e = new PipelineFailedException(first.label() + " failed: "
                + (cause == null ? "unknown error" : cause.getMessage()) + others, cause);
        for (PartStatus s : failed.subList(1, failed.size())) {
            s.failure().ifPresent(e::addSuppressed);
        }
        throw e;
    }
}
