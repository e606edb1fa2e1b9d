package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestServerException;
import java.util.List;
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
            shared = ServerChoice.started(create(true, 1, List.of()));
        }
        return shared;
    }

    /** A started dedicated server; {@code serverId} 0 picks the next free one. */
    public static MariaDbServer startDedicated(int serverId) {
        return startDedicated(serverId, List.of());
    }

    /**
     * A started dedicated server whose {@code mariadbd} gets {@code serverOptions} after the standard
     * ones; {@code serverId} 0 picks the next free one. An external server cannot take options: refused.
     */
    public static MariaDbServer startDedicated(int serverId, List<String> serverOptions) {
        int id = serverId == 0 ? NEXT_SERVER_ID.getAndIncrement() : serverId;
        return ServerChoice.started(create(false, id, serverOptions));
    }

    private static MariaDbServer create(boolean isShared, int serverId, List<String> serverOptions) {
        return ServerChoice.create(Dialect.MARIADB, url -> external(isShared, url, serverOptions),
                () -> new ContainerMariaDb(isShared, serverId, serverOptions),
                () -> LocalMariaDb.create(isShared, serverId, serverOptions));
    }

    private static MariaDbServer external(boolean isShared, String url, List<String> serverOptions) {
        if (!serverOptions.isEmpty()) {
            throw new TestServerException("a test needs a MariaDB server started with " + serverOptions
                    + ", which an external server (" + Env.MYSQL_URL + ") cannot give: unset " + Env.MYSQL_URL
                    + " so the tests start a local server from the installed binaries");
        }
        return new ExternalMariaDb(isShared, url);
    }
}
