package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.ServerKind;
import java.nio.file.Path;

/** A PostgreSQL server named by {@code TIDEMARK_TEST_PG_URL}: used, never started or stopped. */
public final class ExternalPostgres extends AbstractServer implements PostgresServer {
    private final JdbcUrl url;

    public ExternalPostgres(boolean shared, String url) {
        super(shared);
        this.url = JdbcUrl.parse(Env.PG_URL, url);
        if (!this.url.scheme().equals("jdbc:postgresql")) {
            throw new IllegalArgumentException(Env.PG_URL + " must start with jdbc:postgresql://, got " + this.url);
        }
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
        // not ours to stop
    }

    @Override
    protected void shutdownAtExit() {
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
        return url.port(5432);
    }

    @Override
    public String user() {
        return url.param("user").orElse("postgres");
    }

    @Override
    public String password() {
        return url.param("password").orElse("");
    }

    @Override
    public String adminDatabase() {
        return url.database().isEmpty() ? "postgres" : url.database();
    }

    @Override
    public String jdbcUrl(String database) {
        return url.withDatabase(database);
    }

    @Override
    public void createDatabase(String name) {
        execute(adminDatabase(), "CREATE DATABASE " + Jdbc.quotePg(name));
    }

    @Override
    public void dropDatabase(String name) {
        PostgresSql.dropDatabase(this, name);
    }

    @Override
    public Path pgBinDir() {
        throw unsupported("give the binaries of");
    }

    @Override
    protected String vendor() {
        return "PostgreSQL";
    }

    @Override
    protected String describe() {
        return "external PostgreSQL " + url + " (from " + Env.PG_URL + ")";
    }
}
