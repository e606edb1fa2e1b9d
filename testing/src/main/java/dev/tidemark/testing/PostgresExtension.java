package dev.tidemark.testing;

/**
 * A fresh PostgreSQL database for each test class:
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension pg = new PostgresExtension();
 *
 * @Test
 * void savesRows() throws SQLException {
 *     pg.execute("CREATE TABLE t (id int PRIMARY KEY)");
 *     try (Connection c = pg.connection()) { ... }
 * }
 * }</pre>
 * The database lives on {@link PostgresServer#shared()}; {@link #dedicatedServer()} gives the class a
 * server of its own, for tests that stop, kill or restart it.
 */
public final class PostgresExtension extends DatabaseExtension<PostgresServer> {

    /** A database on the JVM-wide shared server. */
    public PostgresExtension() {
        super(PostgresServer::shared, false);
    }

    private PostgresExtension(boolean dedicated) {
        super(PostgresServer::startDedicated, dedicated);
    }

    /** A database on a server started for this test class alone and closed after it. */
    public static PostgresExtension dedicatedServer() {
        return new PostgresExtension(true);
    }
}
