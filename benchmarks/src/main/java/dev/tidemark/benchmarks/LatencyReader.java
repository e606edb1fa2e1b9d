package dev.tidemark.benchmarks;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.pglogical.PgLogicalSource;

/**
 * Child JVM of the latency mode: {@code url=... user=... slot=... publication=... expected=<rows>
 * timeout-s=...}. A {@link LatencyRecorder} over {@link PgLogicalSource} that measures, per event,
 * the arrival time minus the transaction's commit time from pgoutput's Begin message. Both clocks
 * are this machine's, so they agree.
 *
 * <p>Rows with status {@value LatencyRecorder#PROBE_STATUS} are the orchestrator's readiness probes
 * (see {@link LatencyRecorder}). Prints one {@link ResultLine} with p50/p95/p99/max in milliseconds
 * once {@code expected} other rows have arrived.
 */
public final class LatencyReader {
    private LatencyReader() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            PgLogicalSource source = PgLogicalSource.builder()
                    .url(a.get("url"))
                    .user(a.get("user"))
                    .password(ChildArgs.password())
                    .tables("public.bench_orders")
                    .slotName(a.get("slot"))
                    .publicationName(a.get("publication"))
                    .createMissing(false)
                    .build();
            return LatencyRecorder.measure(source, ChangeEvent::commitTime, Math.toIntExact(a.getLong("expected")),
                    a.getLong("timeout-s"));
        });
    }
}
