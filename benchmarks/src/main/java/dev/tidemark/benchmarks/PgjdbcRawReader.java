package dev.tidemark.benchmarks;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The JVM floor ({@code pgjdbc-raw}): pgjdbc's replication stream read in a tight loop, pgoutput
 * protocol version 1, Insert/Update/Delete messages counted by their first byte and nothing
 * decoded. It acknowledges each transaction's end as its Commit arrives, so the next drain of the
 * slot starts after it. Timed from the first message to the last expected row message.
 */
final class PgjdbcRawReader {
    private PgjdbcRawReader() {
    }

    static Map<String, Object> drain(ChildArgs a) throws Exception {
        long expected = a.getLong("expected");
        long afterLsn = a.getLong("after-lsn");
        Properties props = new Properties();
        PGProperty.USER.set(props, a.get("user"));
        if (!ChildArgs.password().isEmpty()) {
            PGProperty.PASSWORD.set(props, ChildArgs.password());
        }
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.APPLICATION_NAME.set(props, "tidemark-bench-raw");

        long rows = 0;
        long first = 0;
        long last;
        long firstCpu = 0;
        long lastCpu;
        try (Connection c = DriverManager.getConnection(a.get("url"), props)) {
            PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream().logical()
                    .withSlotName(a.get("slot"))
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", "\"" + a.get("publication").replace("\"", "\"\"") + "\"")
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            // whether the transaction in progress committed after the workload began; see TidemarkReader.eventsAfter
            boolean counting = false;
            while (rows < expected) {
                ByteBuffer msg = stream.read();
                if (first == 0) {
                    firstCpu = ProcessCpu.nanos();
                    first = System.nanoTime();
                }
                int at = msg.position();
                switch (msg.get(at)) {
                    // Begin: Byte1('B') Int64 final LSN (the commit record's), Int64 commit time, Int32 xid
                    case 'B' -> counting = Long.compareUnsigned(msg.getLong(at + 1), afterLsn) > 0;
                    case 'I', 'U', 'D' -> {
                        if (counting) {
                            rows++;
                        }
                    }
                    case 'C' -> {
                        // the receive LSN of a Commit message is the transaction's end
                        LogSequenceNumber end = stream.getLastReceiveLSN();
                        stream.setFlushedLSN(end);
                        stream.setAppliedLSN(end);
                    }
                    default -> {
                    }
                }
            }
            last = System.nanoTime();
            lastCpu = ProcessCpu.nanos();
            // the expected count ends on a row message: its Commit is next, acknowledge it before leaving
            while (true) {
                ByteBuffer msg = stream.read();
                if (msg.get(msg.position()) == 'C') {
                    LogSequenceNumber end = stream.getLastReceiveLSN();
                    stream.setFlushedLSN(end);
                    stream.setAppliedLSN(end);
                    break;
                }
            }
            stream.forceUpdateStatus();
            stream.close();
        }
        double seconds = (last - first) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", rows);
        result.put("seconds", String.format("%.3f", seconds));
        result.put("events_per_s", Math.round(rows / seconds));
        result.put("cpu_s", String.format("%.3f", (lastCpu - firstCpu) / 1e9));
        return result;
    }
}
