package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
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
            shared = ServerChoice.started(create(true, 1));
        }
        return shared;
    }

    /** A started dedicated server; {@code serverId} 0 picks the next free one. */
    public static MariaDbServer startDedicated(int serverId) {
        return ServerChoice.started(create(false, serverId == 0 ? NEXT_SERVER_ID.getAndIncrement() : serverId));
    }

    private static MariaDbServer create(boolean isShared, int serverId) {
        return ServerChoice.create(Dialect.MARIADB, url -> new ExternalMariaDb(isShared, url),
                () -> new ContainerMariaDb(isShared, serverId), () -> LocalMariaDb.create(isShared, serverId));
    }
}
