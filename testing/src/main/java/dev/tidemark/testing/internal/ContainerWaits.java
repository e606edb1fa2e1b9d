package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.TestServerException;
import java.sql.Connection;
import java.time.Duration;

/** Waiting for a server to accept connections. */
final class ContainerWaits {
    private ContainerWaits() {
    }

    /** Returns once a connection succeeds; throws with the last failure after {@code timeout}. */
    static void untilConnects(TestDatabaseServer server, String database, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last;
        do {
            try (Connection c = server.connect(database)) {
                if (c.isValid(5)) {
                    return;
                }
                last = new TestServerException(server + " gave a connection that is not valid");
            } catch (RuntimeException | java.sql.SQLException e) {
                last = e instanceof RuntimeException re ? re : new TestServerException(e.getMessage(), e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestServerException("interrupted while waiting for " + server, e);
            }
        } while (System.nanoTime() < deadline);
        throw new TestServerException(server + " accepted no connection within " + timeout.toSeconds() + "s: "
                + last.getMessage(), last);
    }
}
