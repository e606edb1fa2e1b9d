package dev.tidemark.testing.internal;

import java.util.Map;

/** A {@code mariadb:10.11} Testcontainers container with the binlog set up like a local server's. */
public final class ContainerMariaDb extends ContainerServer implements MariaDbWithoutReplication {
    private static final String IMAGE = "mariadb:10.11";
    private final int serverId;

    public ContainerMariaDb(boolean shared, int serverId) {
        super(shared, Dialect.MARIADB, IMAGE, IMAGE + " container server_id " + serverId,
                Map.of("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1"),
                "--log-bin=mariadb-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--binlog-row-metadata=FULL", "--server-id=" + serverId, "--gtid-strict-mode=ON",
                "--log-slave-updates=ON", "--character-set-server=utf8mb4", "--default-time-zone=+00:00",
                "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0", "--skip-name-resolve");
        this.serverId = serverId;
    }

    @Override
    public int serverId() {
        return serverId;
    }
}
