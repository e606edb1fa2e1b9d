package dev.tidemark.testing.internal;

import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What all test servers share: JDBC access, the shared-instance guard and the refusal of lifecycle
 * operations a kind cannot do. Subclasses supply the vendor's SQL and process handling.
 */
public abstract class AbstractServer implements TestDatabaseServer {
    private final boolean shared;

    protected AbstractServer(boolean shared) {
        this.shared = shared;
    }

    /** One line naming the server for messages: vendor, kind, address, data directory. */
    protected abstract String describe();

    /** The vendor's name for messages, e.g. {@code PostgreSQL}. */
    protected abstract String vendor();

    /** Stops the server and removes its files when the JVM exits; must not throw. */
    protected abstract void shutdownAtExit();

    protected final void registerForCleanup() {
        Cleanup.register(this);
    }

    protected final void deregisterFromCleanup() {
        Cleanup.deregister(this);
    }

    @Override
    public final boolean isShared() {
        return shared;
    }

    /** Refuses a lifecycle operation on the shared instance, which every test class uses. */
    protected final void checkNotShared(String operation) {
        if (shared) {
            throw new TestServerException("cannot " + operation + " the shared " + vendor()
                    + " test server, other test classes use it: take a dedicated one with "
                    + (vendor().equals("PostgreSQL") ? "PostgresServer" : "MariaDbServer")
                    + ".startDedicated() (or PostgresExtension/MariaDbExtension.dedicatedServer())");
        }
    }

    /** Refuses an operation this kind of server cannot do, saying what to change. */
    protected final TestServerException unsupported(String operation) {
        String env = vendor().equals("PostgreSQL") ? Env.PG_URL : Env.MYSQL_URL;
        String fix = kind() == ServerKind.EXTERNAL
                ? "unset " + env + " so the tests start a local server from the installed binaries"
                : "unset " + Env.USE_TESTCONTAINERS + " so the tests start a local server from the installed binaries";
        return new TestServerException("cannot " + operation + " " + describe() + ": only local test servers support it; " + fix);
    }

    @Override
    public Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database));
        } catch (SQLException e) {
            throw new TestServerException("cannot connect to database '" + database + "' on " + describe() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void execute(String database, String... sql) {
        try (Connection c = connect(database)) {
            Jdbc.execute(c, sql);
        } catch (SQLException e) {
            throw new TestServerException("SQL failed on database '" + database + "' of " + describe() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<Map<String, Object>> queryForList(String database, String sql, Object... args) {
        try (Connection c = connect(database)) {
            return Jdbc.queryForList(c, sql, args);
        } catch (SQLException e) {
            throw new TestServerException("query failed on database '" + database + "' of " + describe() + ": "
                    + e.getMessage() + " [in: " + sql + "]", e);
        }
    }

    @Override
    public Object queryScalar(String database, String sql, Object... args) {
        try (Connection c = connect(database)) {
            return Jdbc.queryScalar(c, sql, args);
        } catch (SQLException e) {
            throw new TestServerException("query failed on database '" + database + "' of " + describe() + ": "
                    + e.getMessage() + " [in: " + sql + "]", e);
        }
    }

    @Override
    public Path dataDirectory() {
        throw unsupported("give the data directory of");
    }

    @Override
    public String toString() {
        return describe();
    }
}
