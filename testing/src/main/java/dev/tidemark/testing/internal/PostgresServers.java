package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.TestServerException;
import java.util.Optional;

/** Chooses and creates PostgreSQL test servers from the environment; holds the shared one. */
public final class PostgresServers {
    private static PostgresServer shared;

    private PostgresServers() {
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server = create(true);
            server.start();
            shared = server;
        }
        return shared;
    }

    public static PostgresServer startDedicated() {
        PostgresServer server = create(false);
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static PostgresServer create(boolean isShared) {
        Optional<String> url = Env.get(Env.PG_URL);
        try {
            if (url.isPresent()) {
                return new ExternalPostgres(isShared, url.get());
            }
        } catch (IllegalArgumentException e) {
            throw new TestServerException(e.getMessage(), e);
        }
        if (Env.useTestcontainers()) {
            return new ContainerPostgres(isShared);
        }
        return LocalPostgres.create(isShared);
    }
}
