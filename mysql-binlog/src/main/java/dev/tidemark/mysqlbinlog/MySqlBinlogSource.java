package dev.tidemark.mysqlbinlog;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.mysqlbinlog.internal.BinlogStreamer;
import dev.tidemark.mysqlbinlog.internal.MySqlUrl;
import dev.tidemark.mysqlbinlog.internal.Preflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads row changes of chosen tables from a MySQL 8.x or MariaDB 10.6+ binary log, as a replica
 * does. The server kind is detected, not configured.
 *
 * <pre>{@code
 * MySqlBinlogSource source = MySqlBinlogSource.builder()
 *     .url("jdbc:mariadb://db:3306/shop").user("cdc").password(secret)
 *     .tables("shop.orders", "shop.customers")
 *     .build();
 * }</pre>
 *
 * <h2>Server requirements</h2>
 * {@code log_bin} on, {@code binlog_format=ROW}, {@code binlog_row_image=FULL} (MINIMAL and NOBLOB
 * leave columns out; they arrive as {@link dev.tidemark.engine.Row#UNAVAILABLE}),
 * {@code binlog_row_metadata=FULL} recommended (otherwise column facts come from
 * {@code information_schema}, see below), GTIDs for resuming on another server (MySQL
 * {@code gtid_mode=ON}; MariaDB always has them), and a user with {@code REPLICATION SLAVE},
 * {@code REPLICATION CLIENT} (MariaDB 10.5+: {@code BINLOG MONITOR}) and {@code SELECT} on the
 * captured tables. {@link #check} tells what is missing and how to fix it.
 *
 * <h2>Transactions and positions</h2>
 * A transaction reaches the pipeline after its XID/COMMIT. One larger than the pipeline's batch
 * bound is kept on disk ({@link Builder#spillDirectory}) until it commits and is then delivered in
 * parts. Positions are {@link dev.tidemark.engine.BinlogPosition}s: the GTID set executed after the
 * transaction (MySQL {@code gtid_executed} form, MariaDB per-domain {@code gtid_slave_pos} form),
 * the binlog file and offset of the transaction's start, and the event's index. A restart resumes
 * by GTID set when the server uses GTIDs, so the pipeline may be pointed at another server of the
 * same topology (a promoted replica with {@code log_slave_updates}); otherwise by file and offset.
 * If the binlog a checkpoint needs has been purged, the source stops with an error saying so: a
 * re-snapshot is then needed.
 *
 * <h2>Values</h2>
 * <table>
 *   <caption>Column types to Java values (and their JSON form in the envelope)</caption>
 *   <tr><th>Column type</th><th>Java value</th></tr>
 *   <tr><td>TINYINT, SMALLINT, MEDIUMINT (signed or UNSIGNED), INT</td><td>Integer</td></tr>
 *   <tr><td>INT UNSIGNED, BIGINT</td><td>Long</td></tr>
 *   <tr><td>BIGINT UNSIGNED</td><td>Long, or BigInteger above Long.MAX_VALUE (exact)</td></tr>
 *   <tr><td>DECIMAL/NUMERIC</td><td>BigDecimal with the column's scale (JSON: string of its digits)</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>Float, Double</td></tr>
 *   <tr><td>BIT(n)</td><td>Long of the bits (BigInteger for BIT(64) values from 2^63)</td></tr>
 *   <tr><td>YEAR</td><td>Integer (0 for YEAR 0000)</td></tr>
 *   <tr><td>DATE</td><td>LocalDate</td></tr>
 *   <tr><td>TIME(fsp)</td><td>LocalTime; a negative time or one of a day or more as the server's text
 *       ({@code "-01:30:00"}, {@code "100:00:00.5"})</td></tr>
 *   <tr><td>DATETIME(fsp)</td><td>LocalDateTime (JSON like PostgreSQL's {@code timestamp})</td></tr>
 *   <tr><td>TIMESTAMP(fsp)</td><td>Instant in UTC (JSON like {@code timestamptz}, ending in Z)</td></tr>
 *   <tr><td>zero or partly zero dates ({@code 0000-00-00}, {@code 2024-00-10}, zero TIMESTAMP)</td><td>the
 *       server's text, e.g. {@code "0000-00-00"}, {@code "0000-00-00 00:00:00"}: java.time cannot hold them,
 *       and null would hide that a value was there</td></tr>
 *   <tr><td>CHAR, VARCHAR, TEXT</td><td>String, decoded from the column's character set (utf8mb4,
 *       latin1 as Windows-1252, ...)</td></tr>
 *   <tr><td>BINARY, VARBINARY, BLOB</td><td>byte[] (JSON: base64); BINARY(n) padded with zero bytes to n</td></tr>
 *   <tr><td>ENUM, SET</td><td>String: the value, or the members joined by commas</td></tr>
 *   <tr><td>JSON</td><td>String of JSON text (MySQL's binary JSON is converted; MariaDB's JSON is text)</td></tr>
 *   <tr><td>GEOMETRY and its subtypes</td><td>byte[] of WKB (the server's 4-byte SRID prefix dropped)</td></tr>
 *   <tr><td>NULL</td><td>null</td></tr>
 * </table>
 *
 * <h2>Without binlog_row_metadata=FULL</h2>
 * Column names, signedness, character sets and ENUM/SET values then come from
 * {@code information_schema}, re-read after every DDL statement in the stream. That describes
 * tables as they are now: a pipeline catching up across a DDL may read older rows with the newer
 * definition. A different column count is detected and stops the pipeline; other changes are not.
 *
 * <p>Not supported (the source stops with an error naming the setting): MySQL
 * {@code binlog_transaction_compression=ON}, MariaDB {@code log_bin_compress=ON}, MySQL partial JSON
 * updates ({@code binlog_row_value_options=PARTIAL_JSON}). XA transactions are delivered at their
 * PREPARE, with a warning.
 */
public final class MySqlBinlogSource implements ChangeSource {
    private final MySqlSourceConfig config;
    private volatile BinlogStreamer streamer;

    private MySqlBinlogSource(MySqlSourceConfig config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public MySqlSourceConfig config() {
        return config;
    }

    /** {@code mysql} or {@code mariadb} once connected; {@code mysql} before. */
    @Override
    public String connector() {
        BinlogStreamer s = streamer;
        return s == null ? "mysql" : s.connector();
    }

    @Override
    public void run(SourceContext context) throws Exception {
        BinlogStreamer s = new BinlogStreamer(config, context);
        streamer = s;
        s.run();
    }

    @Override
    public void acknowledge(Position position) {
        BinlogStreamer s = streamer;
        if (s != null) {
            s.acknowledge(position);
        }
    }

    @Override
    public List<CheckResult> check(String pipeline, Optional<Position> resumeAfter) {
        return new Preflight(config, pipeline).check(resumeAfter);
    }

    @Override
    public SourceStatus inspect(String pipeline) {
        return new Preflight(config, pipeline).inspect(Optional.empty());
    }

    /** Also reports the binlog bytes written after the checkpoint ({@code lagBytes}) when its file is still there. */
    @Override
    public SourceStatus inspect(String pipeline, Optional<Position> checkpoint) {
        return new Preflight(config, pipeline).inspect(checkpoint);
    }

    @Override
    public void close() {
        BinlogStreamer s = streamer;
        if (s != null) {
            s.close();
        }
    }

    /** Builds a {@link MySqlBinlogSource}; setters check their argument, {@link #build()} the whole. */
    public static final class Builder {
        private static final long MAX_SERVER_ID = 4_294_967_295L;
        private String url;
        private String user;
        private String password = "";
        private final LinkedHashSet<TableName> tables = new LinkedHashSet<>();
        private OptionalLong serverId = OptionalLong.empty();
        private Duration heartbeatInterval = MySqlSourceConfig.DEFAULT_HEARTBEAT;
        private Duration connectTimeout = MySqlSourceConfig.DEFAULT_CONNECT_TIMEOUT;
        private Path spillDirectory;

        private Builder() {
        }

        /** {@code jdbc:mariadb://host:port/database} or {@code jdbc:mysql://...}. Required. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            MySqlUrl.parse(url);
            this.url = url;
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password; never logged. Empty by default. */
        public Builder password(String password) {
            this.password = password == null ? "" : password;
            return this;
        }

        /**
         * Tables to capture, each {@code database.table} in SQL syntax. Required; may be called again
         * to add more. An unquoted part is kept as written; a part with spaces, dots, quotes or other
         * characters is quoted in backticks or double quotes, doubling the quote character inside
         * ({@code shop.`Order Lines`}, {@code "Sales"."Q1"}; double quotes delimit names here whatever
         * the server's {@code sql_mode}). See {@link TableName}. Whether case matters follows the
         * server's {@code lower_case_table_names}: with 0 (the Linux default) {@code shop.Orders} is
         * only the table created as {@code Orders}; with 1 or 2 case is ignored, as the server does.
         *
         * @throws ConfigException listing every entry that is not a valid name, or names a table twice
         */
        public Builder tables(String... tables) {
            return tables(List.of(tables));
        }

        /** As {@link #tables(String...)}. */
        public Builder tables(List<String> tables) {
            this.tables.addAll(TableName.parseMore(this.tables, tables, SqlDialect.MYSQL));
            return this;
        }

        /**
         * The replication server id, 1 to 4294967295, unique in the replication topology. Default:
         * derived from the pipeline name (see {@link MySqlSourceConfig#serverIdFor}).
         */
        public Builder serverId(long id) {
            if (id < 1 || id > MAX_SERVER_ID) {
                throw new ConfigException("server_id must be between 1 and 4294967295, got " + id);
            }
            this.serverId = OptionalLong.of(id);
            return this;
        }

        /** Heartbeat period of an idle stream, and how often an idle pipeline checkpoints. Default 5 s. */
        public Builder heartbeatInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero() || interval.toMillis() < 100) {
                throw new ConfigException("heartbeat interval must be at least 100 ms, got " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** How long to wait for the server when connecting. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigException("connect timeout must be positive, got " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Where large transactions wait for their commit; default {@code <java.io.tmpdir>/tidemark-spill}. */
        public Builder spillDirectory(Path dir) {
            this.spillDirectory = Objects.requireNonNull(dir, "spillDirectory");
            return this;
        }

        public MySqlBinlogSource build() {
            List<String> problems = new ArrayList<>();
            if (url == null) {
                problems.add("source url is required (jdbc:mariadb://host:port/database)");
            }
            if (user == null) {
                problems.add("source user is required");
            }
            if (tables.isEmpty()) {
                problems.add("list the tables to capture (database.table, e.g. shop.orders)");
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            Path spill = spillDirectory != null ? spillDirectory
                    : Path.of(System.getProperty("java.io.tmpdir"), "tidemark-spill");
            return new MySqlBinlogSource(new MySqlSourceConfig(url, user, password, List.copyOf(tables), serverId,
                    heartbeatInterval, connectTimeout, spill));
        }
    }
}
