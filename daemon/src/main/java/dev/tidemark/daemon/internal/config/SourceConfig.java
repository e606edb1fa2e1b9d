package dev.tidemark.daemon.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A pipeline's {@code source} section, one record per {@code type}. */
public sealed interface SourceConfig {

    /** The {@code type} value. */
    String type();

    /** The source database. */
    JdbcTarget database();

    /** How {@code streaming} is configured for a PostgreSQL source. */
    enum Streaming { AUTO, OFF }

    /**
     * {@code type: postgres}: logical replication with pgoutput.
     *
     * @param tables      {@code schema.table} names; empty when {@code allTables}
     * @param slot        empty: {@code tidemark_<pipeline>}
     * @param publication empty: {@code tidemark_<pipeline>}
     * @param spillDirectory empty: the JVM temp directory
     */
    record Postgres(JdbcTarget database, List<String> tables, boolean allTables, Optional<String> slot,
                    Optional<String> publication, Streaming streaming, Duration heartbeatInterval,
                    Duration statusInterval, boolean dropSlotOnStop, boolean createMissing,
                    Optional<Path> spillDirectory) implements SourceConfig {
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(1);

        public Postgres {
            tables = List.copyOf(tables);
        }

        @Override
        public String type() {
            return "postgres";
        }

        /** The slot the named pipeline uses. */
        public String slotFor(String pipeline) {
            return slot.orElse("tidemark_" + pipeline);
        }
    }

    /**
     * {@code type: mysql}: binlog replication from MySQL or MariaDB (the server kind is detected).
     *
     * @param tables            {@code database.table} names
     * @param serverId          the replica server id to present; empty: derived from the pipeline name
     * @param heartbeatInterval how often the server sends a heartbeat on an idle stream, and how often
     *                          an idle pipeline checkpoints the position it reached
     * @param spillDirectory    where large transactions wait for their commit; empty: the JVM temp directory
     */
    record Mysql(JdbcTarget database, List<String> tables, OptionalLong serverId, Duration heartbeatInterval,
                 Optional<Path> spillDirectory) implements SourceConfig {
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
        /** The binlog client's lower bound: shorter heartbeats would mostly be noise. */
        public static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);

        public Mysql {
            tables = List.copyOf(tables);
        }

        @Override
        public String type() {
            return "mysql";
        }
    }
}
