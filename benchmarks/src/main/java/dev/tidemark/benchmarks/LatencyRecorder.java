package dev.tidemark.benchmarks;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.engine.spi.ChangeSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latency child JVMs' shared part ({@link LatencyReader}, {@link MysqlLatencyReader}): a pipeline
 * over the vendor's source whose handler takes the time a batch arrives, serialises it to JSON
 * (discarding the bytes, as the {@code tidemark} reader does) and records, per event, the arrival
 * time minus the event's start time, which only the vendor knows how to find ({@link StartTime}).
 *
 * <p>Rows with status {@value #PROBE_STATUS} are the orchestrator's readiness probes: the first one
 * makes this JVM print {@value #READY} and none is measured. Once {@code expected} other events have
 * arrived, {@link #measure} returns {@code reader=latency}, the event count and p50/p95/p99/max/min
 * in milliseconds.
 */
final class LatencyRecorder {
    static final String PROBE_STATUS = "probe";
    static final String READY = "READY";
    private static final String NAME = "bench_latency";

    /** When a measured event started, or null for an event that is not measured. */
    interface StartTime {
        Instant of(ChangeEvent event);
    }

    private LatencyRecorder() {
    }

    static Map<String, Object> measure(ChangeSource source, StartTime startTime, int expected, long timeoutSeconds)
            throws Exception {
        long[] micros = new long[expected];
        int[] n = {0};
        boolean[] ready = {false};
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Clock clock = Clock.systemUTC();
        JsonEnvelope.Writer writer = JsonEnvelope.builder().pipeline(NAME).build().writer(new CountingOutputStream());

        Pipeline pipeline = Pipeline.builder()
                .name(NAME)
                .source(source)
                .checkpointStore(CheckpointStore.inMemory())
                .handler(batch -> {
                    long arrived = toMicros(clock.instant());
                    writer.write(batch);
                    writer.flush();
                    List<ChangeEvent> events = batch.events();
                    for (int i = 0, size = events.size(); i < size; i++) {
                        ChangeEvent e = events.get(i);
                        Row row = e.after();
                        if (row != null && PROBE_STATUS.equals(row.get("status"))) {
                            if (!ready[0]) {
                                ready[0] = true;
                                System.out.println(READY);
                                System.out.flush();
                            }
                            continue;
                        }
                        Instant start = n[0] < expected ? startTime.of(e) : null;
                        if (start != null) {
                            micros[n[0]++] = arrived - toMicros(start);
                            if (n[0] == expected) {
                                done.countDown();
                            }
                        }
                    }
                })
                .listener(new PipelineListener() {
                    @Override
                    public void onStopped(String name, Throwable error) {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        done.countDown();
                    }
                })
                .build();
        pipeline.start();
        if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + n[0] + " of " + expected
                    + " rows");
        }
        pipeline.stop();
        if (failure.get() != null) {
            throw new IllegalStateException("the pipeline failed after " + n[0] + " rows", failure.get());
        }
        if (n[0] < expected) {
            throw new IllegalStateException("the pipeline stopped after " + n[0] + " of " + expected + " rows");
        }
        long[] sorted = Arrays.copyOf(micros, n[0]);
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", n[0]);
        out.put("p50_ms", ms(Stats.percentile(sorted, 50)));
        out.put("p95_ms", ms(Stats.percentile(sorted, 95)));
        out.put("p99_ms", ms(Stats.percentile(sorted, 99)));
        out.put("max_ms", ms(sorted[sorted.length - 1]));
        out.put("min_ms", ms(sorted[0]));
        return ChildMain.result("latency", out);
    }

    private static long toMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
