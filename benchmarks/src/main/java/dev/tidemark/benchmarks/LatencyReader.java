package dev.tidemark.benchmarks;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.pglogical.PgLogicalSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child JVM of the latency mode: {@code url=... user=... slot=... publication=... expected=<rows>
 * timeout-s=...}. A pipeline whose handler takes the time a batch arrives, serialises it to JSON
 * (discarding the bytes, as the {@code tidemark} reader does) and records, per event, the arrival
 * time minus the transaction's commit time from pgoutput's Begin message. Both clocks are this
 * machine's, so they agree.
 *
 * <p>Rows with status {@value #PROBE_STATUS} are the orchestrator's readiness probes: the first one
 * makes this JVM print {@value #READY} and none is measured. Prints one {@link ResultLine} with
 * p50/p95/p99/max in milliseconds once {@code expected} other rows have arrived.
 */
public final class LatencyReader {
    static final String PROBE_STATUS = "probe";
    static final String READY = "READY";

    private LatencyReader() {
    }

    public static void main(String[] args) {
        try {
            ChildArgs a = new ChildArgs(args);
            int expected = Math.toIntExact(a.getLong("expected"));
            long[] micros = new long[expected];
            int[] n = {0};
            boolean[] ready = {false};
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Clock clock = Clock.systemUTC();
            JsonEnvelope.Writer writer = JsonEnvelope.builder().pipeline("bench_latency").build()
                    .writer(new CountingOutputStream());

            PgLogicalSource source = PgLogicalSource.builder()
                    .url(a.get("url"))
                    .user(a.get("user"))
                    .password(ChildArgs.password())
                    .tables("public.bench_orders")
                    .slotName(a.get("slot"))
                    .publicationName(a.get("publication"))
                    .createMissing(false)
                    .build();
            Pipeline pipeline = Pipeline.builder()
                    .name("bench_latency")
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
                            } else if (n[0] < expected) {
                                micros[n[0]++] = arrived - toMicros(e.commitTime());
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
            long timeout = a.getLong("timeout-s");
            if (!done.await(timeout, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out after " + timeout + " s with " + n[0] + " of " + expected + " rows");
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
            out.put("reader", "latency");
            out.put("events", n[0]);
            out.put("p50_ms", ms(Stats.percentile(sorted, 50)));
            out.put("p95_ms", ms(Stats.percentile(sorted, 95)));
            out.put("p99_ms", ms(Stats.percentile(sorted, 99)));
            out.put("max_ms", ms(sorted[sorted.length - 1]));
            out.put("min_ms", ms(sorted[0]));
            out.put("rss_mib", PeakRss.mib());
            System.out.println(ResultLine.format(out));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static long toMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
