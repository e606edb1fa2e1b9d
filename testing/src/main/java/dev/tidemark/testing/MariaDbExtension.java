package dev.tidemark.testing;

/**
 * A fresh MariaDB database for each test class, on {@link MariaDbServer#shared()} or, with
 * {@link #dedicatedServer()}, on a server of the class's own:
 * <pre>{@code
 * @RegisterExtension
 * static final MariaDbExtension mariadb = new MariaDbExtension();
 * }</pre>
 */
public final class MariaDbExtension extends DatabaseExtension<MariaDbServer> {

    /** A database on the JVM-wide shared server. */
    public MariaDbExtension() {
        super(MariaDbServer::shared, false);
    }

    private MariaDbExtension(boolean dedicated) {
        super(MariaDbServer::startDedicated, dedicated);
    }

    /** A database on a server started for this test class alone and closed after it. */
    public static MariaDbExtension dedicatedServer() {
        return new MariaDbExtension(true);
    }
}
