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
import java.util.Map;

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
        ChildMain.run(args, a -> {
            String reader = a.get("reader");
            return ChildMain.result(reader, switch (reader) {
                case TIDEMARK -> tidemark(a);
                case BINLOG_RAW -> binlogRaw(a);
                default -> throw new IllegalArgumentException("unknown reader '" + reader + "'; use " + TIDEMARK
                        + " or " + BINLOG_RAW);
            });
        });
    }

    /** The binlog source of the benchmark table, as both the throughput and the latency child connect to it. */
    static MySqlBinlogSource source(ChildArgs a) {
        return MySqlBinlogSource.builder()
                .url("jdbc:mariadb://" + a.get("host") + ":" + a.get("port") + "/" + a.get("database"))
                .user(a.get("user"))
                .password(ChildArgs.password())
                .tables(a.get("database") + "." + MysqlWorkload.TABLE)
                .serverId(a.getLong("server-id"))
                .build();
    }

    private static Map<String, Object> tidemark(ChildArgs a) throws Exception {
        long expected = a.getLong("expected");
        DrainClock clock = new DrainClock(expected);
        String name = "bench_mysql";
        MySqlBinlogSource source = source(a);
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
        DrainClock.applyTuning(pipeline);

        clock.drain(pipeline, a.getLong("timeout-s"));
        Map<String, Object> result = clock.result();
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
            clock.awaitOrThrow(a.getLong("timeout-s"), "rows");
        } finally {
            client.disconnect();
        }
        return clock.result();
    }
}
