package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestServerException;
import java.time.Duration;

/**
 * A MariaDB server whose replication the fixtures may not set up (a container or an external server):
 * the replication helpers refuse, saying which setting gives a local server instead.
 */
interface MariaDbWithoutReplication extends MariaDbServer {

    @Override
    default void replicateFrom(MariaDbServer primary) {
        throw refused("make a replica of");
    }

    @Override
    default void awaitReplicationFrom(MariaDbServer primary, Duration timeout) {
        throw refused("wait for replication on");
    }

    @Override
    default void stopReplicating() {
        throw refused("stop replication on");
    }

    private TestServerException refused(String operation) {
        // only servers of this package implement this interface, and all of them are AbstractServers
        return ((AbstractServer) this).unsupported(operation);
    }
}
