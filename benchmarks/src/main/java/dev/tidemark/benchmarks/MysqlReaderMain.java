package dev.tidemark.benchmarks;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Child JVM entry point of one MySQL/MariaDB throughput drain: {@code reader=<tidemark|binlog-raw>
 * host=... port=... user=... database=... file=... pos=... gtids=... server-id=... expected=<events>
 * timeout-s=...}. Both readers start at the binlog mark taken before the workload and are timed
 * from the first row to the last expected one. Prints one {@link ResultLine}; exits 1 on failure.
 * <ul>
 *   <li>{@value #TIDEMARK}: a {@link Pipeline} over {@link MySqlBinlogSource}, resuming from an
 *       in-memory checkpoint at the mark (by GTID set), whose handler writes every event with the
 *       JSON envelope's writer into a stream that counts and discards the bytes — binlog to
 *       serialised JSON, as the PostgreSQL {@code tidemark} reader does.</li>
 *   <li>{@value #BINLOG_RAW}: our own bare {@link BinaryLogClient} from the mark's file and offset,
 *       its default deserialisers turning rows events into rows, counted and nothing more — the JVM
 *       floor, the equivalent of the anchor's {@code BinlogRaw}.</li>
 * </ul>
 */
public final class MysqlReaderMain {
    static final String TIDEMARK = "tidemark";
    static final String BINLOG_RAW = "binlog-raw";

    private MysqlReaderMain() {
    }

    public static void main(String[] args) {
        try {
            ChildArgs a = new ChildArgs(args);
            String reader = a.get("reader");
            Map<String, Object> measured = switch (reader) {
                case TIDEMARK -> tidemark(a);
                case BINLOG_RAW -> binlogRaw(a);
                default -> throw new IllegalArgumentException("unknown reader '" + reader + "'; use " + TIDEMARK
                        + " or " + BINLOG_RAW);
            };
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reader", reader);
            out.putAll(measured);
            out.put("rss_mib", PeakRss.mib());
            System.out.println(ResultLine.format(out));
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static Map<String, Object> tidemark(ChildArgs a) throws Exception {
        long expected = a.getLong("expected");
        DrainClock clock = new DrainClock(expected);
        String name = "bench_mysql";
        MySqlBinlogSource source = MySqlBinlogSource.builder()
                .url("jdbc:mariadb://" + a.get("host") + ":" + a.get("port") + "/" + a.get("database"))
                .user(a.get("user"))
                .password(ChildArgs.password())
                .tables(a.get("database") + "." + MysqlWorkload.TABLE)
                .serverId(a.getLong("server-id"))
                .build();
        CheckpointStore checkpoints = CheckpointStore.inMemory();
        // the end of the transaction before the workload: the source resumes after it by GTID set
        checkpoints.save(name, Checkpoint.of(new BinlogPosition(a.get("gtids"), a.get("file"), a.getLong("pos"),
                BinlogPosition.TX_END)));
        CountingOutputStream discard = new CountingOutputStream();
        JsonEnvelope.Writer counted = JsonEnvelope.builder().pipeline(name).build().writer(discard);
        Pipeline.Builder pipeline = Pipeline.builder()
                .name(name)
                .source(source)
                .checkpointStore(checkpoints)
                .handler(batch -> {
                    clock.started();
                    counted.write(batch);
                    counted.flush();
                    if (clock.counted(batch.size())) {
                        clock.finish(null);
                    }
                })
                .listener(new PipelineListener() {
                    @Override
                    public void onStopped(String pipelineName, Throwable error) {
                        clock.finish(error != null ? error : new IllegalStateException("the pipeline stopped after "
                                + clock.events() + " of " + expected + " events"));
                    }
                });
        tuning("BENCH_MAX_BATCH_EVENTS").ifPresent(pipeline::maxBatchEvents);
        tuning("BENCH_QUEUE_EVENTS").ifPresent(pipeline::queueCapacityEvents);

        long timeoutSeconds = a.getLong("timeout-s");
        try (Pipeline p = pipeline.build()) {
            p.start();
            if (!clock.await(timeoutSeconds)) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + clock.events()
                        + " of " + expected + " events");
            }
        }
        if (clock.failure() != null) {
            throw new IllegalStateException("the pipeline failed after " + clock.events() + " of " + expected
                    + " events: " + clock.failure(), clock.failure());
        }
        Map<String, Object> result = result(clock);
        result.put("json_bytes", discard.count());
        return result;
    }

    private static Map<String, Object> binlogRaw(ChildArgs a) throws Exception {
        long expected = a.getLong("expected");
        DrainClock clock = new DrainClock(expected);
        BinaryLogClient client = new BinaryLogClient(a.get("host"), Integer.parseInt(a.get("port")), a.get("user"),
                ChildArgs.password());
        client.setServerId(a.getLong("server-id"));
        client.setBinlogFilename(a.get("file"));
        client.setBinlogPosition(a.getLong("pos"));
        client.setKeepAlive(false);
        client.registerEventListener(event -> {
            EventData d = event.getData();
            int rows = d instanceof WriteRowsEventData w ? w.getRows().size()
                    : d instanceof UpdateRowsEventData u ? u.getRows().size()
                    : d instanceof DeleteRowsEventData x ? x.getRows().size() : 0;
            if (rows > 0) {
                clock.started();
                if (clock.counted(rows)) {
                    clock.finish(null);
                }
            }
        });
        client.connect(10_000);
        try {
            long timeoutSeconds = a.getLong("timeout-s");
            if (!clock.await(timeoutSeconds)) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + clock.events()
                        + " of " + expected + " rows");
            }
        } finally {
            client.disconnect();
        }
        return result(clock);
    }

    private static Map<String, Object> result(DrainClock clock) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", clock.events());
        result.put("seconds", String.format(Locale.ROOT, "%.3f", clock.seconds()));
        result.put("events_per_s", Math.round(clock.events() / clock.seconds()));
        result.put("cpu_s", String.format(Locale.ROOT, "%.3f", clock.cpuSeconds()));
        return result;
    }

    private static Optional<Integer> tuning(String variable) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(v.trim()));
    }
}
