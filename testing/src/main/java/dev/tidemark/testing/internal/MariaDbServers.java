package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestServerException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Chooses and creates MariaDB test servers from the environment; holds the shared one. */
public final class MariaDbServers {
    /** server_id 1 is the shared server's; dedicated ones count up from 101 unless given one. */
    private static final AtomicInteger NEXT_SERVER_ID = new AtomicInteger(101);
    private static MariaDbServer shared;

    private MariaDbServers() {
    }

    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            MariaDbServer server = create(true, 1, List.of());
            server.start();
            shared = server;
        }
        return shared;
    }

    /** A started dedicated server; {@code serverId} 0 picks the next free one. */
    public static MariaDbServer startDedicated(int serverId) {
        return startDedicated(serverId, List.of());
    }

    /** A started dedicated server with extra {@code mariadbd} options; {@code serverId} 0 picks the next free one. */
    public static MariaDbServer startDedicated(int serverId, List<String> serverOptions) {
        MariaDbServer server = create(false, serverId == 0 ? NEXT_SERVER_ID.getAndIncrement() : serverId, serverOptions);
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static MariaDbServer create(boolean isShared, int serverId, List<String> serverOptions) {
        Optional<String> url = Env.get(Env.MYSQL_URL);
        try {
            if (url.isPresent()) {
                if (!serverOptions.isEmpty()) {
                    throw new TestServerException("a test needs a MariaDB server started with " + serverOptions
                            + ", which an external server (" + Env.MYSQL_URL + ") cannot give");
                }
                return new ExternalMariaDb(isShared, url.get());
            }
        } catch (IllegalArgumentException e) {
            throw new TestServerException(e.getMessage(), e);
        }
        if (Env.useTestcontainers()) {
            return new ContainerMariaDb(isShared, serverId, serverOptions);
        }
        return LocalMariaDb.create(isShared, serverId, serverOptions);
    }
}
