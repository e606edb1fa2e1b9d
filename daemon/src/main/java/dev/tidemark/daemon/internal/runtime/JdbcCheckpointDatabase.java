package dev.tidemark.daemon.internal.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.TidemarkException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A checkpoint database reached through a small HikariCP pool. On PostgreSQL, connections use the
 * configured schema as their current schema, so the store and the migrations find their table
 * there; on MySQL/MariaDB the "schema" is a database of its own, which every statement names.
 * MariaDB Connector/J serves both MySQL and MariaDB, so a {@code jdbc:mysql://} url is opened as
 * {@code jdbc:mariadb://} (the driver refuses the other scheme by default).
 */
final class JdbcCheckpointDatabase implements CheckpointDatabase {
    /** One connection for the pipelines' saves, one for status reads; more would sit idle. */
    private static final int POOL_SIZE = 2;
    private static final long CONNECTION_TIMEOUT_MS = 10_000;
    private static final String MYSQL_SCHEME = "jdbc:mysql:";
    private static final String MARIADB_SCHEME = "jdbc:mariadb:";

    private final CheckpointConfig config;
    private final HikariDataSource pool;
    private volatile CheckpointStore store;

    private JdbcCheckpointDatabase(CheckpointConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    static JdbcCheckpointDatabase open(CheckpointConfig config) {
        probe(config);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tidemark-checkpoints");
        hc.setJdbcUrl(driverUrl(config));
        hc.setUsername(config.database().user());
        hc.setPassword(config.database().password().reveal());
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        // the probe above already failed fast with a clear message; don't let Hikari log its own stack trace
        hc.setInitializationFailTimeout(-1);
        if (isPostgres(config)) {
            hc.setSchema(config.schema());
        }
        return new JdbcCheckpointDatabase(config, new HikariDataSource(hc));
    }

    /** One direct connection, so that an unreachable database fails at once and names itself. */
    private static void probe(CheckpointConfig config) {
        Properties props = new Properties();
        props.setProperty("user", config.database().user());
        props.setProperty("password", config.database().password().reveal());
        try (Connection c = DriverManager.getConnection(driverUrl(config), props)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new TidemarkException("cannot connect to the checkpoint database " + config.database().displayUrl()
                    + " as " + config.database().user() + ": " + e.getMessage()
                    + " (check the pipeline's checkpoint url, user and password, which default to the source's)", e);
        }
    }

    /** The configured url, or for {@code jdbc:mysql://} the same address as MariaDB Connector/J takes it. */
    static String driverUrl(CheckpointConfig config) {
        String url = config.database().url();
        return url.startsWith(MYSQL_SCHEME) ? MARIADB_SCHEME + url.substring(MYSQL_SCHEME.length()) : url;
    }

    private static boolean isPostgres(CheckpointConfig config) {
        return config.database().url().startsWith("jdbc:postgresql:");
    }

    @Override
    public CheckpointStore store() {
        CheckpointStore s = store;
        if (s == null) {
            synchronized (this) {
                if (store == null) {
                    store = Wiring.checkpointStore(pool, config.schema());
                }
                s = store;
            }
        }
        return s;
    }

    @Override
    public void migrate() {
        if (isPostgres(config)) {
            try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS \"" + config.schema().replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                throw new TidemarkException("cannot create schema " + config.schema() + " in the checkpoint database "
                        + config.database().displayUrl() + ": " + e.getMessage() + " (create it yourself, or grant "
                        + config.database().user() + " the CREATE privilege on the database)", e);
            }
        }
        Wiring.migrate(pool, config.schema());
    }

    @Override
    public boolean hasCheckpointTable() {
        try {
            return Wiring.checkpointTableExists(pool, config.schema());
        } catch (SQLException e) {
            throw new TidemarkException("cannot look for the checkpoint table " + config.schema() + ".checkpoints in "
                    + config.database().displayUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Instant> updatedAt(String pipeline) {
        return Wiring.checkpointUpdatedAt(store(), pipeline);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return config.database() + ", schema " + config.schema();
    }
}
