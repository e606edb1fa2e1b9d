package dev.tidemark.benchmarks;

import dev.tidemark.engine.Row;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import java.time.Instant;

/**
 * Child JVM of the MySQL latency mode: {@code host=... port=... user=... database=... server-id=...
 * expected=<rows> timeout-s=...}. A {@link LatencyRecorder} over {@link MySqlBinlogSource} from the
 * end of the binlog that measures, per row, the arrival time minus the row's {@code created_at}.
 *
 * <p>Why {@code created_at} and not the commit time: binlog event headers carry whole seconds, so
 * the commit time the source reports is truncated to the second. {@code created_at} is
 * {@code current_timestamp(6)} of the insert, taken by the server (the same machine's clock) when
 * the auto-committed statement starts; the latency measured from it includes the statement and its
 * commit, so it errs on the high side.
 *
 * <p>Rows with status {@value LatencyRecorder#PROBE_STATUS} are the orchestrator's readiness probes
 * (see {@link LatencyRecorder}); events without a row after them are not measured.
 */
public final class MysqlLatencyReader {
    private MysqlLatencyReader() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            MySqlBinlogSource source = MysqlReaderMain.source(a);
            return LatencyRecorder.measure(source, e -> {
                Row row = e.after();
                return row == null ? null : (Instant) row.get("created_at");
            }, Math.toIntExact(a.getLong("expected")), a.getLong("timeout-s"));
        });
    }
}
