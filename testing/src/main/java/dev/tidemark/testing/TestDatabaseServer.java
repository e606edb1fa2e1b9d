package dev.tidemark.testing;

import dev.tidemark.testing.internal.DriverManagerDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What every test database server offers, whatever its vendor or {@link ServerKind}. Methods are
 * thread-safe. JDBC URLs carry the user (and password, if any) so {@code DriverManager.getConnection(url)}
 * works as is; {@link #user()} and {@link #password()} are there for code that takes them apart.
 *
 * <p>Lifecycle methods ({@link #stop()}, {@link #kill()}, {@link #restart()}) work only on a dedicated
 * {@link ServerKind#LOCAL} server; on a shared or external one they throw {@link TestServerException}
 * saying why, so a crash test fails loudly instead of passing against the wrong server.
 */
public interface TestDatabaseServer extends AutoCloseable {

    ServerKind kind();

    /** True for the JVM-wide shared instance, which tests must not stop or kill. */
    boolean isShared();

    /** Starts the server if it is not running (a no-op when it is). */
    void start();

    /** Whether this fixture believes the server is up (false after {@link #stop()} or {@link #kill()}). */
    boolean isRunning();

    /** Stops the server cleanly; {@link #restart()} brings it back with its data. */
    void stop();

    /** Kills the server process with SIGKILL, as a crash would; {@link #restart()} recovers it. */
    void kill();

    /** Starts the server again on the same port and data directory, stopping it first if it runs. */
    void restart();

    String host();

    int port();

    String user();

    /** The password, or an empty string when the server trusts its clients. */
    String password();

    /** A JDBC URL for the named database, with credentials, ready for {@code DriverManager}. */
    String jdbcUrl(String database);

    /** The database administrative statements run in ({@code postgres} on PostgreSQL, none on MariaDB). */
    String adminDatabase();

    /** A new connection to the database, in auto-commit mode; the caller closes it. */
    Connection connect(String database);

    /** A DataSource opening a new connection to the database per call (no pool, nothing to close). */
    default DataSource dataSource(String database) {
        return new DriverManagerDataSource(jdbcUrl(database));
    }

    /** Creates an empty database; fails if it exists. */
    void createDatabase(String name);

    /** Drops the database if it exists, closing whatever still uses it. */
    void dropDatabase(String name);

    /** Runs each statement in order, auto-committed, on a fresh connection to the database. */
    void execute(String database, String... sql);

    /** Rows of a query as column label to value, in column order. */
    List<Map<String, Object>> queryForList(String database, String sql, Object... args);

    /** The first column of the first row, or null when there is no row. */
    Object queryScalar(String database, String sql, Object... args);

    /** The data directory of a local server; throws for other kinds. */
    Path dataDirectory();

    /**
     * Releases the server: stops a dedicated local server and deletes its files (kept when
     * {@code TIDEMARK_TEST_KEEP_DATA=true}). A no-op on the shared instance, which a shutdown hook stops.
     */
    @Override
    void close();
}
