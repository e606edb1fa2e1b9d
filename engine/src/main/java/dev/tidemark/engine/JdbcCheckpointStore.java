package dev.tidemark.engine;

import dev.tidemark.engine.internal.jdbc.CheckpointDialect;
import dev.tidemark.engine.internal.jdbc.SinkStateJson;
import dev.tidemark.engine.internal.jdbc.SqlErrors;
import dev.tidemark.engine.spi.SchemaInstaller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in a table {@code <schema>.checkpoints} of a PostgreSQL, MySQL or MariaDB database, one
 * row per pipeline, written with plain JDBC. The vendor is read from the connection's metadata.
 *
 * <pre>{@code
 * CheckpointStore store = JdbcCheckpointStore.create(dataSource);          // schema "tidemark"
 * CheckpointStore store = JdbcCheckpointStore.builder(dataSource)
 *         .schema("cdc_state").autoMigrate(false).build();
 * }</pre>
 *
 * <p><b>Transactions.</b> {@link #save(String, Checkpoint)} commits in a transaction of its own;
 * {@link #save(String, Checkpoint, Connection)} writes through the caller's transaction and leaves the
 * commit to the caller, which is how a {@link JdbcChangeHandler}'s writes and the checkpoint become
 * durable together. That connection must be to the same database as the DataSource.
 *
 * <p><b>The table.</b> On first use, with {@link Builder#autoMigrate(boolean)} on (the default), the
 * store brings its schema up to date through a {@link SchemaInstaller} found with {@link ServiceLoader}:
 * it creates the table when missing and applies every changeset a later Tidemark version added, and
 * does nothing when all are applied. Add {@code dev.tidemark:tidemark-migrations} for it; without an
 * installer a missing table is an error and an existing one is used as it is, with a warning. With
 * autoMigrate off the store only checks that the table exists: apply the migrations beforehand with
 * {@code tidemark migrate} or {@code TidemarkMigrations.apply}, on every upgrade.
 *
 * <p>Instants are stored with microsecond precision. SQL failures surface as
 * {@link CheckpointStoreException}, retryable when the cause is transient (lost connection,
 * deadlock). Thread-safe.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
    /** The schema (PostgreSQL) or database (MySQL/MariaDB) used when none is configured. */
    public static final String DEFAULT_SCHEMA = "tidemark";
    /** The name of the checkpoint table inside the schema. */
    public static final String CHECKPOINTS_TABLE = "checkpoints";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCheckpointStore.class);
    /**
     * Plain lower-case identifiers only: they then mean the same on every vendor (PostgreSQL folds
     * unquoted names to lower case, MySQL keeps them) and are safe inside the migration changelog's
     * SQL, where Liquibase substitutes them as text.
     */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Column widths from the changelog; longer values are refused before they reach the database. */
    static final int MAX_PIPELINE = 128;
    static final int MAX_POSITION = 2048;

    private final DataSource dataSource;
    private final String schema;
    private final boolean autoMigrate;
    private final Clock clock;
    private volatile CheckpointDialect dialect;

    private JdbcCheckpointStore(Builder b) {
        this.dataSource = b.dataSource;
        this.schema = b.schema;
        this.autoMigrate = b.autoMigrate;
        this.clock = b.clock;
    }

    /** A store with the defaults: schema {@code tidemark}, table created on first use if missing. */
    public static JdbcCheckpointStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The schema (PostgreSQL) or database (MySQL/MariaDB) holding the table. */
    public String schema() {
        return schema;
    }

    /**
     * Checks a schema name the way the store and the migrations do: a plain identifier (1 to 63
     * letters, digits and underscores, not starting with a digit), which needs no quoting in the
     * changelog's SQL and means the same on every vendor.
     *
     * @param key what the name was given as, for the message (a builder method or a config key path)
     * @return {@code schema}, unchanged
     * @throws ConfigException naming {@code key} and the rule when the name breaks it
     */
    public static String checkSchema(String key, String schema) {
        if (schema == null || !PLAIN_IDENTIFIER.matcher(schema).matches()) {
            throw new ConfigException(key + " '" + schema + "' is not a plain identifier: use 1 to 63 lower-case"
                    + " letters, digits and underscores, not starting with a digit (default '" + DEFAULT_SCHEMA + "')");
        }
        return schema;
    }

    /**
     * Whether the checkpoint table exists, looked up now; unlike every other method this neither
     * creates nor upgrades anything, whatever {@link Builder#autoMigrate(boolean)} says. For
     * preflight checks and status reports.
     *
     * @throws CheckpointStoreException when the database cannot be asked (the cause is the SQLException)
     */
    public boolean tableExists() {
        try (Connection c = dataSource.getConnection()) {
            return CheckpointDialect.detect(c.getMetaData()).tableExists(c, schema);
        } catch (SQLException e) {
            throw failure("look for the checkpoint table", e);
        }
    }

    @Override
    public Optional<Checkpoint> load(String pipeline) {
        checkPipeline(pipeline);
        CheckpointDialect d = ready();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(d.selectSql(schema))) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(toCheckpoint(pipeline, rs.getString(1), rs.getString(2), rs.getString(3),
                        d.getInstant(rs, 4)));
            }
        } catch (SQLException e) {
            throw failure("load the checkpoint of pipeline '" + pipeline + "'", e);
        }
    }

    /** When the pipeline's checkpoint row was last written, or empty when there is none. */
    public Optional<Instant> updatedAt(String pipeline) {
        checkPipeline(pipeline);
        CheckpointDialect d = ready();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(d.selectUpdatedAtSql(schema))) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(d.getInstant(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read when the checkpoint of pipeline '" + pipeline + "' was written", e);
        }
    }

    private Checkpoint toCheckpoint(String pipeline, String kind, String position, String sinkState, Instant lastCommit) {
        try {
            return new Checkpoint(Position.parse(kind, position), SinkStateJson.read(sinkState), lastCommit);
        } catch (IllegalArgumentException e) {
            throw new CheckpointStoreException("the checkpoint of pipeline '" + pipeline + "' in " + schema
                    + ".checkpoints cannot be read (" + e.getMessage() + "); correct the row, or delete it to start the"
                    + " pipeline from scratch", false, e);
        }
    }

    @Override
    public void save(String pipeline, Checkpoint checkpoint) {
        checkPipeline(pipeline);
        CheckpointDialect d = ready();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                upsert(d, c, pipeline, checkpoint);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            } finally {
                // a pooled connection goes back as it came
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure("save the checkpoint of pipeline '" + pipeline + "' at " + checkpoint.position(), e);
        }
    }

    @Override
    public void save(String pipeline, Checkpoint checkpoint, Connection transaction) {
        checkPipeline(pipeline);
        Objects.requireNonNull(transaction, "transaction");
        CheckpointDialect d = ready();
        try {
            upsert(d, transaction, pipeline, checkpoint);
        } catch (SQLException e) {
            throw failure("save the checkpoint of pipeline '" + pipeline + "' at " + checkpoint.position()
                    + " in the handler's transaction", e);
        }
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    private void upsert(CheckpointDialect d, Connection c, String pipeline, Checkpoint cp) throws SQLException {
        String position = cp.position().format();
        if (position.length() > MAX_POSITION) {
            throw new CheckpointStoreException("the position of pipeline '" + pipeline + "' is " + position.length()
                    + " characters long, more than the " + MAX_POSITION + " the checkpoints table holds (a GTID set"
                    + " with very many server UUIDs?); purge old server UUIDs from gtid_executed", false, null);
        }
        try (PreparedStatement ps = c.prepareStatement(d.upsertSql(schema))) {
            ps.setString(1, pipeline);
            ps.setString(2, cp.position().kind());
            ps.setString(3, position);
            ps.setString(4, SinkStateJson.write(cp.sinkStates()));
            d.setInstant(ps, 5, micros(cp.lastCommitTime()));
            d.setInstant(ps, 6, micros(clock.instant()));
            ps.executeUpdate();
        }
    }

    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkPipeline(String pipeline) {
        if (pipeline == null || pipeline.isEmpty() || pipeline.length() > MAX_PIPELINE) {
            throw new IllegalArgumentException("a pipeline name is 1 to " + MAX_PIPELINE + " characters, got "
                    + (pipeline == null ? "null" : "'" + pipeline + "' (" + pipeline.length() + ")"));
        }
        if (pipeline.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("pipeline name '" + pipeline.replaceAll("\\p{Cntrl}", "?")
                    + "' contains control characters; use printable text");
        }
        if (!pipeline.strip().equals(pipeline)) {
            // MySQL and MariaDB compare keys ignoring trailing spaces: "a " would overwrite "a"
            throw new IllegalArgumentException("pipeline name '" + pipeline + "' starts or ends with whitespace;"
                    + " remove it");
        }
    }

    /**
     * Detects the vendor and, once per store, brings the schema up to date (autoMigrate) or checks that
     * the table exists; later calls return at once.
     */
    private CheckpointDialect ready() {
        CheckpointDialect d = dialect;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (dialect != null) {
                return dialect;
            }
            try (Connection c = dataSource.getConnection()) {
                d = CheckpointDialect.detect(c.getMetaData());
                if (autoMigrate) {
                    // every start, not only when the table is missing: an upgraded Tidemark may bring
                    // changesets for a table an earlier version created (the installer skips applied ones)
                    migrate(d, c);
                } else if (!d.tableExists(c, schema)) {
                    throw new CheckpointStoreException("the checkpoint table " + table() + " does not exist and"
                            + " autoMigrate is off: create it with `tidemark migrate` or TidemarkMigrations.apply(dataSource, \""
                            + schema + "\"), or include db/changelog/tidemark.yaml in your Liquibase changelog", false, null);
                }
                LOG.info("checkpoints are kept in {} ({}, autoMigrate={})", table(), d, autoMigrate);
            } catch (SQLException e) {
                throw failure("check the checkpoint table " + table(), e);
            }
            dialect = d;
            return d;
        }
    }

    private void migrate(CheckpointDialect d, Connection c) throws SQLException {
        Optional<SchemaInstaller> found = findInstaller();
        if (found.isEmpty()) {
            if (!d.tableExists(c, schema)) {
                throw new CheckpointStoreException("the checkpoint table " + table() + " does not exist and no"
                        + " SchemaInstaller is on the class path to create it: add the dependency"
                        + " dev.tidemark:tidemark-migrations, or run `tidemark migrate`", false, null);
            }
            // a table made by hand or by `tidemark migrate` keeps working without the migrations module
            LOG.warn("autoMigrate is on but no SchemaInstaller is on the class path: {} is used as it is, and"
                    + " changesets of a newer Tidemark are not applied; add dev.tidemark:tidemark-migrations, or"
                    + " run `tidemark migrate` on each upgrade and turn autoMigrate off", table());
            return;
        }
        SchemaInstaller installer = found.get();
        LOG.debug("bringing {} up to date with {}", table(), installer.getClass().getName());
        try {
            installer.install(c, schema);
        } catch (TidemarkException e) {
            boolean retryable = e.getCause() instanceof SQLException sql && SqlErrors.isTransient(sql);
            throw new CheckpointStoreException("could not bring the checkpoint table " + table() + " up to date: "
                    + e.getMessage() + "; if this database user may not change tables, have an administrator run"
                    + " `tidemark migrate` after each upgrade and turn autoMigrate off", retryable, e);
        }
        if (!d.tableExists(c, schema)) {
            throw new CheckpointStoreException(installer.getClass().getName() + " ran but the checkpoint table "
                    + table() + " still does not exist; check that the database user can see it", false, null);
        }
    }

    private String table() {
        return schema + "." + CHECKPOINTS_TABLE;
    }

    private static Optional<SchemaInstaller> findInstaller() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Optional<SchemaInstaller> found = context == null ? Optional.empty()
                : ServiceLoader.load(SchemaInstaller.class, context).findFirst();
        return found.isPresent() ? found
                : ServiceLoader.load(SchemaInstaller.class, JdbcCheckpointStore.class.getClassLoader()).findFirst();
    }

    private CheckpointStoreException failure(String what, SQLException e) {
        boolean retryable = SqlErrors.isTransient(e);
        String state = String.valueOf(e.getSQLState());
        String hint = retryable ? "; the database looks briefly unavailable, this may heal on retry"
                : state.startsWith("42") ? "; check that the table exists with the columns of db/changelog/tidemark.yaml"
                        + " and that the user may read and write it"
                : "";
        return new CheckpointStoreException("could not " + what + " in " + schema + ".checkpoints: " + e.getMessage()
                + " (SQLState " + state + ")" + hint, retryable, e);
    }

    @Override
    public String toString() {
        CheckpointDialect d = dialect;
        return "JdbcCheckpointStore[" + schema + ".checkpoints" + (d == null ? "" : ", " + d) + ", autoMigrate="
                + autoMigrate + "]";
    }

    /** Options of a {@link JdbcCheckpointStore}; each setter checks its value at once. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private boolean autoMigrate = true;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The PostgreSQL schema, or MySQL/MariaDB database, holding the table; default {@code tidemark}.
         * A plain identifier: letters, digits and underscores.
         */
        public Builder schema(String schema) {
            this.schema = checkSchema("schema", schema);
            return this;
        }

        /**
         * Whether the store brings its table up to date on first use through a {@link SchemaInstaller}
         * (creating it, and applying the changesets of later versions); default true. Turn it off where
         * the application's user may not change tables, and apply the migrations on each upgrade.
         */
        public Builder autoMigrate(boolean autoMigrate) {
            this.autoMigrate = autoMigrate;
            return this;
        }

        /** The clock for {@code updated_at}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JdbcCheckpointStore build() {
            return new JdbcCheckpointStore(this);
        }
    }
}
