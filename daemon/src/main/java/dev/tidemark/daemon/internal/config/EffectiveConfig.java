package dev.tidemark.daemon.internal.config;

import dev.tidemark.engine.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The effective configuration, defaults filled in and passwords masked, for the log line at start. */
public final class EffectiveConfig {
    private EffectiveConfig() {
    }

    /** One line per pipeline, then one for the http endpoint. */
    public static List<String> describe(TidemarkConfig config) {
        List<String> lines = new ArrayList<>();
        for (PipelineConfig p : config.pipelines()) {
            lines.add(describe(p));
        }
        lines.add("http: " + config.http().map(h -> h.bind() + ":" + (h.port() == 0 ? "(any free port)" : h.port()))
                .orElse("disabled"));
        return lines;
    }

    static String describe(PipelineConfig p) {
        StringBuilder sb = new StringBuilder("pipeline ").append(p.name()).append(": source ").append(p.source().type())
                .append(' ').append(p.source().database());
        if (p.source() instanceof SourceConfig.Postgres pg) {
            sb.append(", tables ").append(pg.allTables() ? "ALL" : pg.tables())
                    .append(", slot ").append(pg.slotFor(p.name()))
                    .append(", publication ").append(pg.publication().orElse("tidemark_" + p.name()))
                    .append(", streaming ").append(pg.streaming().name().toLowerCase(java.util.Locale.ROOT))
                    .append(", heartbeat ").append(Durations.format(pg.heartbeatInterval()))
                    .append(", drop_slot_on_stop ").append(pg.dropSlotOnStop())
                    .append(", create_missing ").append(pg.createMissing());
            pg.spillDirectory().ifPresent(d -> sb.append(", spill ").append(d));
        } else if (p.source() instanceof SourceConfig.Mysql my) {
            sb.append(", tables ").append(my.tables())
                    .append(", server_id ").append(my.serverId().isPresent() ? String.valueOf(my.serverId().getAsLong())
                            : "(derived from the pipeline name)")
                    .append(", heartbeat ").append(Durations.format(my.heartbeatInterval()));
            my.spillDirectory().ifPresent(d -> sb.append(", spill ").append(d));
        }
        sb.append("; sinks ");
        List<String> sinks = new ArrayList<>();
        for (SinkConfig s : p.sinks()) {
            sinks.add(s instanceof SinkConfig.Jsonl j ? "jsonl " + j.path() : s.type());
        }
        sb.append(String.join(", ", sinks));
        sb.append("; max_batch_events ").append(p.maxBatchEvents())
                .append(", queue_capacity_events ").append(p.queueCapacityEvents().isPresent()
                        ? String.valueOf(p.queueCapacityEvents().getAsInt()) : "2 x max_batch_events")
                .append("; handler_retry ").append(describe(p.handlerRetry()))
                .append("; reconnect ").append(describe(p.reconnect()))
                .append("; checkpoint ").append(p.checkpoint().database()).append(", schema ")
                .append(p.checkpoint().schema()).append(", auto_migrate ").append(p.checkpoint().autoMigrate());
        return sb.toString();
    }

    private static String describe(RetryPolicy r) {
        return (r.maxAttempts() == 0 ? "forever" : r.maxAttempts() + " attempts") + " backoff "
                + Durations.format(r.initialBackoff()) + ".." + Durations.format(r.maxBackoff()) + " x" + r.multiplier();
    }
}
