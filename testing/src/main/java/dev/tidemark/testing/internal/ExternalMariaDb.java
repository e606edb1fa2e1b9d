package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.ServerKind;
import java.time.Duration;

/** A MySQL or MariaDB server named by {@code TIDEMARK_TEST_MYSQL_URL}: used, never started or stopped. */
public final class ExternalMariaDb extends AbstractServer implements MariaDbServer {
    private final JdbcUrl url;

    public ExternalMariaDb(boolean shared, String url) {
        super(shared);
        JdbcUrl parsed = JdbcUrl.parse(Env.MYSQL_URL, url);
        if (parsed.scheme().equals("jdbc:mysql") && parsed.param("permitMysqlScheme").isEmpty()) {
            // MariaDB Connector/J takes jdbc:mysql: URLs only when told to
            parsed = new JdbcUrl(parsed.scheme(), parsed.authority(), parsed.database(),
                    parsed.query().isEmpty() ? "permitMysqlScheme" : parsed.query() + "&permitMysqlScheme");
        } else if (!parsed.scheme().equals("jdbc:mariadb") && !parsed.scheme().equals("jdbc:mysql")) {
            throw new IllegalArgumentException(Env.MYSQL_URL + " must start with jdbc:mariadb:// or jdbc:mysql://, got "
                    + parsed);
        }
        this.url = parsed;
    }

    @Override
    public void start() {
        queryScalar(adminDatabase(), "SELECT 1");
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public void stop() {
        checkNotShared("stop");
        throw unsupported("stop");
    }

    @Override
    public void kill() {
        checkNotShared("kill");
        throw unsupported("kill");
    }

    @Override
    public void restart() {
        checkNotShared("restart");
        throw unsupported("restart");
    }

    @Override
    public void close() {
    }

    @Override
    protected void shutdownAtExit() {
    }

    @Override
    public void replicateFrom(MariaDbServer primary) {
        throw unsupported("make a replica of");
    }

    @Override
    public void awaitReplicationFrom(MariaDbServer primary, Duration timeout) {
        throw unsupported("wait for replication on");
    }

    @Override
    public void stopReplicating() {
        throw unsupported("stop replication on");
    }

    @Override
    public int serverId() {
        return ((Number) queryScalar(adminDatabase(), "SELECT @@GLOBAL.server_id")).intValue();
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
        return url.port(3306);
    }

    @Override
    public String user() {
        return url.param("user").orElse("root");
    }

    @Override
    public String password() {
        return url.param("password").orElse("");
    }

    @Override
    public String adminDatabase() {
        return url.database();
    }

    @Override
    public String jdbcUrl(String database) {
        return url.withDatabase(database);
    }

    @Override
    public void createDatabase(String name) {
        execute(adminDatabase(), "CREATE DATABASE " + Jdbc.quoteMy(name));
    }

    @Override
    public void dropDatabase(String name) {
        execute(adminDatabase(), "DROP DATABASE IF EXISTS " + Jdbc.quoteMy(name));
    }

    @Override
    protected String vendor() {
        return "MariaDB";
    }

    @Override
    protected String describe() {
        return "external MySQL/MariaDB " + url + " (from " + Env.MYSQL_URL + ")";
    }
}
