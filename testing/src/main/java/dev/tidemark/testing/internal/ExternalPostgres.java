package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import java.nio.file.Path;

/** A PostgreSQL server named by {@code TIDEMARK_TEST_PG_URL}: used, never started or stopped. */
public final class ExternalPostgres extends ExternalServer implements PostgresServer {

    public ExternalPostgres(boolean shared, String url) {
        super(shared, Dialect.POSTGRES, parse(url), "PostgreSQL");
    }

    private static JdbcUrl parse(String url) {
        JdbcUrl parsed = JdbcUrl.parse(Env.PG_URL, url);
        if (!parsed.scheme().equals("jdbc:postgresql")) {
            throw new IllegalArgumentException(Env.PG_URL + " must start with jdbc:postgresql://, got " + parsed);
        }
        return parsed;
    }

    @Override
    public Path pgBinDir() {
        throw unsupported("give the binaries of");
    }
}
