package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestServerException;
import java.time.Duration;
import java.util.Map;

/** MariaDB replication statements for the fixtures. */
final class MariaDbSql {
    private MariaDbSql() {
    }

    /**
     * Points {@code replica} at {@code primary} by GTID and starts both replication threads. The
     * replica's {@code gtid_slave_pos} decides where it starts: empty on a fresh replica, which then
     * reads the primary's binlog from its beginning.
     */
    static void replicateFrom(MariaDbServer replica, MariaDbServer primary) {
        if (replica.serverId() == primary.serverId()) {
            throw new TestServerException("a replica needs a server_id of its own; both are " + replica.serverId());
        }
        replica.execute(replica.adminDatabase(),
                "CHANGE MASTER TO MASTER_HOST=" + Jdbc.literalMy(primary.host()) + ", MASTER_PORT=" + primary.port()
                        + ", MASTER_USER=" + Jdbc.literalMy(primary.user()) + ", MASTER_PASSWORD="
                        + Jdbc.literalMy(primary.password()) + ", MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
                "START SLAVE");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = replica.queryForList(replica.adminDatabase(), "SHOW SLAVE STATUS").stream().findFirst()
                    .orElse(Map.of());
            if ("Yes".equals(status.get("Slave_IO_Running")) && "Yes".equals(status.get("Slave_SQL_Running"))) {
                return;
            }
            if (!String.valueOf(status.getOrDefault("Last_SQL_Error", "")).isEmpty()
                    || "No".equals(status.get("Slave_SQL_Running"))) {
                break;
            }
            sleep();
        }
        throw new TestServerException("replica " + replica + " did not start replicating from " + primary
                + ": IO " + status.get("Slave_IO_Running") + " (" + status.get("Last_IO_Error") + "), SQL "
                + status.get("Slave_SQL_Running") + " (" + status.get("Last_SQL_Error") + ")");
    }

    /** Waits with {@code MASTER_GTID_WAIT} until the replica has applied the primary's current binlog GTIDs. */
    static void awaitReplication(MariaDbServer replica, MariaDbServer primary, Duration timeout) {
        String pos = String.valueOf(primary.queryScalar(primary.adminDatabase(), "SELECT @@GLOBAL.gtid_binlog_pos"));
        if (pos.isEmpty()) {
            return;
        }
        Object result = replica.queryScalar(replica.adminDatabase(), "SELECT MASTER_GTID_WAIT(?, ?)", pos,
                timeout.toMillis() / 1000.0);
        if (!"0".equals(String.valueOf(result))) {
            Map<String, Object> status = replica.queryForList(replica.adminDatabase(), "SHOW SLAVE STATUS").stream()
                    .findFirst().orElse(Map.of());
            throw new TestServerException("replica " + replica + " did not reach the primary's GTID position " + pos
                    + " within " + timeout.toMillis() + "ms; replica at " + replica.queryScalar(replica.adminDatabase(),
                    "SELECT @@GLOBAL.gtid_slave_pos") + ", IO error: " + status.get("Last_IO_Error") + ", SQL error: "
                    + status.get("Last_SQL_Error"));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestServerException("interrupted while waiting for replication");
        }
    }
}
