package dev.tidemark.benchmarks;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
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
 * Child JVM of the MySQL latency mode: {@code host=... port=... user=... database=... server-id=...
 * expected=<rows> timeout-s=...}. A pipeline over {@link MySqlBinlogSource} from the end of the
 * binlog, whose handler takes the time a batch arrives, serialises it to JSON (discarding the bytes)
 * and records, per row, the arrival time minus the row's {@code created_at}.
 *
 * <p>Why {@code created_at} and not the commit time: binlog event headers carry whole seconds, so
 * the commit time the source reports is truncated to the second. {@code created_at} is
 * {@code current_timestamp(6)} of the insert, taken by the server (the same machine's clock) when
 * the auto-committed statement starts; the latency measured from it includes the statement and its
 * commit, so it errs on the high side.
 *
 * <p>Rows with status {@value LatencyReader#PROBE_STATUS} are the orchestrator's readiness probes:
 * the first one makes this JVM print {@value LatencyReader#READY} and none is measured.
 */
public final class MysqlLatencyReader {
    private MysqlLatencyReader() {
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

            MySqlBinlogSource source = MySqlBinlogSource.builder()
                    .url("jdbc:mariadb://" + a.get("host") + ":" + a.get("port") + "/" + a.get("database"))
                    .user(a.get("user"))
                    .password(ChildArgs.password())
                    .tables(a.get("database") + "." + MysqlWorkload.TABLE)
                    .serverId(a.getLong("server-id"))
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
                            Row row = events.get(i).after();
                            if (row != null && LatencyReader.PROBE_STATUS.equals(row.get("status"))) {
                                if (!ready[0]) {
                                    ready[0] = true;
                                    System.out.println(LatencyReader.READY);
                                    System.out.flush();
                                }
                            } else if (row != null && n[0] < expected) {
                                micros[n[0]++] = arrived - toMicros((Instant) row.get("created_at"));
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
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
