package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;

/** Chooses and creates PostgreSQL test servers from the environment; holds the shared one. */
public final class PostgresServers {
    private static PostgresServer shared;

    private PostgresServers() {
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = ServerChoice.started(create(true));
        }
        return shared;
    }

    public static PostgresServer startDedicated() {
        return ServerChoice.started(create(false));
    }

    private static PostgresServer create(boolean isShared) {
        return ServerChoice.create(Dialect.POSTGRES, url -> new ExternalPostgres(isShared, url),
                () -> new ContainerPostgres(isShared), () -> LocalPostgres.create(isShared));
    }
}
