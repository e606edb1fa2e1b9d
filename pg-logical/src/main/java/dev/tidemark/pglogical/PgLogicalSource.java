package dev.tidemark.pglogical;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.JdbcUrls;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.spi.SourceContext;
import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.pglogical.internal.PgStreamer;
import dev.tidemark.pglogical.internal.PgPreflight;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a PostgreSQL database's changes through logical replication with the built-in
 * {@code pgoutput} plugin. Creates its permanent slot and its publication when they are absent;
 * never drops a slot unless {@link Builder#dropSlotOnStop(boolean)} says so.
 *
 * <p>Server requirements: {@code wal_level=logical}, a free replication slot
 * ({@code max_replication_slots}) and WAL sender ({@code max_wal_senders}), and a user with the
 * {@code REPLICATION} attribute who may read the tables (and create the publication, unless it
 * exists).
 */
public final class PgLogicalSource implements ChangeSource {
    private final PgSourceConfig config;
    private volatile PgStreamer streamer;

    private PgLogicalSource(PgSourceConfig config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PgSourceConfig config() {
        return config;
    }

    @Override
    public String connector() {
        return "postgresql";
    }

    @Override
    public void run(SourceContext context) throws Exception {
        PgStreamer s = new PgStreamer(config, context);
        streamer = s;
        s.run();
    }

    @Override
    public void acknowledge(Position position) {
        PgStreamer s = streamer;
        if (s != null) {
            s.acknowledge(position);
        }
    }

    @Override
    public List<CheckResult> check(String pipeline, Optional<Position> resumeAfter) {
        return new PgPreflight(config, pipeline).run(resumeAfter);
    }

    @Override
    public SourceStatus inspect(String pipeline) {
        return new PgPreflight(config, pipeline).inspect();
    }

    @Override
    public void close() {
        PgStreamer s = streamer;
        if (s != null) {
            s.close();
        }
    }

    /** Builds a {@link PgLogicalSource}; setters check their argument, {@link #build()} the whole. */
    public static final class Builder {
        private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
        private String url;
        private String user;
        private String password = "";
        private final LinkedHashSet<TableName> tables = new LinkedHashSet<>();
        private boolean allTables;
        private String slotName;
        private String publicationName;
        private PgSourceConfig.Streaming streaming = PgSourceConfig.Streaming.AUTO;
        private Duration heartbeatInterval = PgSourceConfig.DEFAULT_HEARTBEAT;
        private Duration statusInterval = PgSourceConfig.DEFAULT_STATUS_INTERVAL;
        private boolean dropSlotOnStop;
        private boolean createMissing = true;
        private Path spillDirectory;

        private Builder() {
        }

        /** {@code jdbc:postgresql://host:port/database}. Required. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new ConfigException("source url '" + JdbcUrls.redact(url) + "' is not a PostgreSQL JDBC url: use jdbc:postgresql://host:port/database");
            }
            this.url = url;
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The password; never logged. Empty by default (trust or .pgpass authentication). */
        public Builder password(String password) {
            this.password = password == null ? "" : password;
            return this;
        }

        /**
         * Tables to capture, each {@code schema.table} in SQL syntax: an unquoted part folds to lower
         * case ({@code Public.Orders} is {@code public.orders}); a part with upper case, spaces, dots or
         * quotes is double-quoted, with {@code ""} for a quote inside ({@code public."Order Lines"},
         * {@code "Sales"."Q1"}). See {@link TableName}. Either tables or {@link #allTables()}; may be
         * called again to add more.
         *
         * @throws ConfigException listing every entry that is not a valid name, or names a table twice
         */
        public Builder tables(String... tables) {
            return tables(List.of(tables));
        }

        /** As {@link #tables(String...)}. */
        public Builder tables(List<String> tables) {
            this.tables.addAll(TableName.parseMore(this.tables, tables, SqlDialect.POSTGRESQL));
            return this;
        }

        /** Capture every table of the database (a publication FOR ALL TABLES; needs superuser to create). */
        public Builder allTables() {
            this.allTables = true;
            return this;
        }

        /** Slot name; default {@code tidemark_<pipeline>}. */
        public Builder slotName(String slot) {
            if (!SLOT.matcher(slot).matches()) {
                throw new ConfigException("slot name '" + slot + "' is invalid: PostgreSQL allows 1 to 63 lower-case letters, digits and underscores");
            }
            this.slotName = slot;
            return this;
        }

        /** Publication name: 1 to 63 letters, digits and underscores, not starting with a digit; default {@code tidemark_<pipeline>}. */
        public Builder publicationName(String publication) {
            Objects.requireNonNull(publication, "publication");
            if (!PgSourceConfig.PUBLICATION_NAME.matcher(publication).matches()) {
                throw new ConfigException("publication name '" + publication
                        + "' is invalid: use 1 to 63 letters, digits and underscores, not starting with a digit");
            }
            this.publicationName = publication;
            return this;
        }

        /** Whether to use protocol version 2 streaming of in-progress transactions; default AUTO (when the server has it). */
        public Builder streaming(PgSourceConfig.Streaming streaming) {
            this.streaming = Objects.requireNonNull(streaming, "streaming");
            return this;
        }

        /** How often an idle stream stores and acknowledges its position, and emits a heartbeat message. Default 10 s. */
        public Builder heartbeatInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new ConfigException("heartbeat interval must be positive, got " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** How often a standby status update is sent to the server. Default 1 s. */
        public Builder statusInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new ConfigException("status interval must be positive, got " + interval);
            }
            this.statusInterval = interval;
            return this;
        }

        /** Drop the slot when the pipeline stops. Default false: the slot keeps the position for the next start. */
        public Builder dropSlotOnStop(boolean drop) {
            this.dropSlotOnStop = drop;
            return this;
        }

        /** Create the slot and publication when missing (default true); false makes a missing one an error. */
        public Builder createMissing(boolean create) {
            this.createMissing = create;
            return this;
        }

        /** Where streamed in-progress transactions are spilled; default the JVM temp directory. */
        public Builder spillDirectory(Path dir) {
            this.spillDirectory = Objects.requireNonNull(dir, "spillDirectory");
            return this;
        }

        public PgLogicalSource build() {
            List<String> problems = new ArrayList<>();
            if (url == null) {
                problems.add("source url is required (jdbc:postgresql://host:port/database)");
            }
            if (user == null) {
                problems.add("source user is required");
            }
            if (tables.isEmpty() && !allTables) {
                problems.add("list the tables to capture (schema.table, e.g. public.orders), or choose all tables");
            }
            if (!tables.isEmpty() && allTables) {
                problems.add("choose either a table list or all tables, not both");
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            Path spill = spillDirectory != null ? spillDirectory : Path.of(System.getProperty("java.io.tmpdir"), "tidemark-spill");
            return new PgLogicalSource(new PgSourceConfig(url, user, password, List.copyOf(tables), allTables,
                    Optional.ofNullable(slotName), Optional.ofNullable(publicationName), streaming, heartbeatInterval,
                    statusInterval, dropSlotOnStop, createMissing, spill));
        }
    }
}
