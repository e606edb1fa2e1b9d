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
 * What all test servers share: JDBC access, databases created and dropped in the vendor's
 * {@link Dialect}, the shared-instance guard, cleanup registration, and the refusal of lifecycle
 * operations a kind cannot do. {@link LocalServer} (around devserver's throwaway servers),
 * {@link ContainerServer} and {@link ExternalServer} add what each kind does; the
 * vendor classes below them hold only what differs between vendors.
 */
public abstract class AbstractServer implements TestDatabaseServer {
    private final boolean shared;
    private final Dialect dialect;

    AbstractServer(boolean shared, Dialect dialect) {
        this.shared = shared;
        this.dialect = dialect;
    }

    /** One line naming the server for messages: vendor, kind, address, data directory. */
    protected abstract String describe();

    /**
     * Stops the server and removes its files; must not throw. Runs on {@link #close()} of a dedicated
     * server, and from the shutdown hook for every server still registered.
     */
    protected abstract void release();

    final Dialect dialect() {
        return dialect;
    }

    /** The vendor's name for messages, e.g. {@code PostgreSQL}. */
    protected final String vendor() {
        return dialect.vendor;
    }

    protected final void registerForCleanup() {
        Cleanup.register(this);
    }

    @Override
    public final boolean isShared() {
        return shared;
    }

    /** Refuses a lifecycle operation on the shared instance, which every test class uses. */
    protected final void checkNotShared(String operation) {
        if (shared) {
            throw new TestServerException("cannot " + operation + " the shared " + vendor()
                    + " test server, other test classes use it: take a dedicated one with " + dialect.serverType
                    + ".startDedicated() (or PostgresExtension/MariaDbExtension.dedicatedServer())");
        }
    }

    /** Refuses an operation this kind of server cannot do, saying what to change. */
    protected final TestServerException unsupported(String operation) {
        String fix = kind() == ServerKind.EXTERNAL
                ? "unset " + dialect.urlVariable + " so the tests start a local server from the installed binaries"
                : "unset " + Env.USE_TESTCONTAINERS + " so the tests start a local server from the installed binaries";
        return new TestServerException("cannot " + operation + " " + describe() + ": only local test servers support it; " + fix);
    }

    /** Refused unless a local server overrides it: the shared instance and other kinds cannot stop. */
    @Override
    public void stop() {
        refuseLifecycle("stop");
    }

    @Override
    public void kill() {
        refuseLifecycle("kill");
    }

    @Override
    public void restart() {
        refuseLifecycle("restart");
    }

    private void refuseLifecycle(String operation) {
        checkNotShared(operation);
        throw unsupported(operation);
    }

    /** A no-op on the shared instance, which the shutdown hook releases. */
    @Override
    public final synchronized void close() {
        if (shared) {
            return;
        }
        Cleanup.deregister(this);
        release();
    }

    @Override
    public String user() {
        return dialect.defaultUser;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String adminDatabase() {
        return dialect.adminDatabase;
    }

    @Override
    public String jdbcUrl(String database) {
        return dialect.jdbcUrl(host(), port(), database, user(), password());
    }

    @Override
    public final void createDatabase(String name) {
        dialect.createDatabase(this, name);
    }

    @Override
    public final void dropDatabase(String name) {
        dialect.dropDatabase(this, name);
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
        return query(database, sql, c -> Jdbc.queryForList(c, sql, args));
    }

    @Override
    public Object queryScalar(String database, String sql, Object... args) {
        return query(database, sql, c -> Jdbc.queryScalar(c, sql, args));
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(String database, String sql, Query<T> query) {
        try (Connection c = connect(database)) {
            return query.run(c);
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
