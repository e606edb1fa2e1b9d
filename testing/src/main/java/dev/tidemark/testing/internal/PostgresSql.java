package dev.tidemark.testing.internal;

import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.TestServerException;

/** PostgreSQL statements every kind of server needs. */
final class PostgresSql {
    private PostgresSql() {
    }

    /**
     * Drops a database even when replication slots or sessions still use it: a logical slot pins its
     * database, so slots are dropped first (after ending the walsender holding an active one).
     */
    static void dropDatabase(TestDatabaseServer server, String name) {
        String admin = server.adminDatabase();
        server.queryForList(admin, "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                + " WHERE database = ? AND active_pid IS NOT NULL", name);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                server.queryForList(admin, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE database = ?", name);
                break;
            } catch (TestServerException e) {
                // a terminated walsender releases its slot a moment after it is told to go
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        server.execute(admin, "DROP DATABASE IF EXISTS " + Jdbc.quotePg(name) + " WITH (FORCE)");
    }
}
