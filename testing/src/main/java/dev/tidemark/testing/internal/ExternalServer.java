package dev.tidemark.testing.internal;

import dev.tidemark.testing.ServerKind;

/**
 * A server someone else runs, named by a JDBC URL in the environment: used, never started or
 * stopped. Address, credentials and admin database come from the URL, with the vendor's defaults.
 */
abstract class ExternalServer extends AbstractServer {
    private final JdbcUrl url;
    private final String label;

    /** {@code label} names the vendor in messages, e.g. {@code MySQL/MariaDB}. */
    ExternalServer(boolean shared, Dialect dialect, JdbcUrl url, String label) {
        super(shared, dialect);
        this.url = url;
        this.label = label;
    }

    @Override
    public void start() {
        // someone else runs it; check it answers, so a wrong URL fails here with a clear message
        queryScalar(adminDatabase(), "SELECT 1");
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    protected void release() {
        // not ours to stop
    }

    @Override
    public ServerKind kind() {
        return ServerKind.EXTERNAL;
    }

    @Override
    public String host() {
        return url.host();
    }

    @Override
    public int port() {
        return url.port(dialect().defaultPort);
    }

    @Override
    public String user() {
        return url.param("user").orElse(dialect().defaultUser);
    }

    @Override
    public String password() {
        return url.param("password").orElse("");
    }

    @Override
    public String adminDatabase() {
        return url.database().isEmpty() ? dialect().adminDatabase : url.database();
    }

    @Override
    public String jdbcUrl(String database) {
        return url.withDatabase(database);
    }

    @Override
    protected String describe() {
        return "external " + label + " " + url + " (from " + dialect().urlVariable + ")";
    }
}
