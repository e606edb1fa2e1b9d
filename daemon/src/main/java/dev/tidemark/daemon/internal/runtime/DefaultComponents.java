package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.SinkConfig;
import dev.tidemark.daemon.internal.config.SourceConfig;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.pglogical.PgLogicalSource;
import dev.tidemark.pglogical.PgSourceConfig;

/** The real parts: PostgreSQL and MySQL/MariaDB sources, jsonl and stdout sinks, JDBC checkpoint databases. */
public final class DefaultComponents implements Components {

    @Override
    public ChangeSource source(String pipeline, SourceConfig config) {
        if (config instanceof SourceConfig.Postgres pg) {
            return postgres(pg);
        }
        return mysql((SourceConfig.Mysql) config);
    }

    private static ChangeSource postgres(SourceConfig.Postgres pg) {
        PgLogicalSource.Builder b = PgLogicalSource.builder()
                .url(pg.database().url())
                .user(pg.database().user())
                .password(pg.database().password().reveal())
                .streaming(pg.streaming() == SourceConfig.Streaming.OFF ? PgSourceConfig.Streaming.OFF
                        : PgSourceConfig.Streaming.AUTO)
                .heartbeatInterval(pg.heartbeatInterval())
                .statusInterval(pg.statusInterval())
                .dropSlotOnStop(pg.dropSlotOnStop())
                .createMissing(pg.createMissing());
        if (pg.allTables()) {
            b.allTables();
        } else {
            b.tables(pg.tables());
        }
        pg.slot().ifPresent(b::slotName);
        pg.publication().ifPresent(b::publicationName);
        pg.spillDirectory().ifPresent(b::spillDirectory);
        return b.build();
    }

    private static ChangeSource mysql(SourceConfig.Mysql my) {
        MySqlBinlogSource.Builder b = MySqlBinlogSource.builder()
                .url(my.database().url())
                .user(my.database().user())
                .password(my.database().password().reveal())
                .tables(my.tables())
                .heartbeatInterval(my.heartbeatInterval());
        my.serverId().ifPresent(b::serverId);
        my.spillDirectory().ifPresent(b::spillDirectory);
        return b.build();
    }

    @Override
    public ChangeSink sink(String pipeline, SinkConfig config) {
        if (config instanceof SinkConfig.Jsonl jsonl) {
            return Wiring.jsonlSink(jsonl.path(), pipeline);
        }
        return Wiring.stdoutSink(pipeline);
    }

    @Override
    public CheckpointDatabase openCheckpointDatabase(CheckpointConfig config) {
        return JdbcCheckpointDatabase.open(config);
    }
}
