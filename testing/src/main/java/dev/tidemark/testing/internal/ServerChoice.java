package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.TestServerException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** How {@link PostgresServers} and {@link MariaDbServers} choose the kind of a new server and start it. */
final class ServerChoice {
    private ServerChoice() {
    }

    /**
     * An external server when the vendor's URL variable is set, else a container when Testcontainers
     * is asked for and Docker answers, else a local server; not started.
     */
    static <S extends TestDatabaseServer> S create(Dialect dialect, Function<String, S> external,
            Supplier<S> container, Supplier<S> local) {
        Optional<String> url = Env.get(dialect.urlVariable);
        try {
            if (url.isPresent()) {
                return external.apply(url.get());
            }
        } catch (IllegalArgumentException e) {
            throw new TestServerException(e.getMessage(), e);
        }
        if (Env.useTestcontainers()) {
            return container.get();
        }
        return local.get();
    }

    /** Starts the server; one that fails to start is closed (a no-op on the shared one) before the error goes on. */
    static <S extends TestDatabaseServer> S started(S server) {
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
