package dev.tidemark.testing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@code mariadb:10.11} Testcontainers container with the binlog set up like a local server's. */
public final class ContainerMariaDb extends ContainerServer implements MariaDbWithoutReplication {
    private static final String IMAGE = "mariadb:10.11";
    private final int serverId;

    /** {@code serverOptions} go after the standard options, so they override them. */
    public ContainerMariaDb(boolean shared, int serverId, List<String> serverOptions) {
        super(shared, Dialect.MARIADB, IMAGE, IMAGE + " container server_id " + serverId,
                Map.of("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1"), command(serverId, serverOptions));
        this.serverId = serverId;
    }

    private static String[] command(int serverId, List<String> serverOptions) {
        List<String> command = new ArrayList<>(List.of("--log-bin=mariadb-bin", "--binlog-format=ROW",
                "--binlog-row-image=FULL", "--binlog-row-metadata=FULL", "--server-id=" + serverId,
                "--gtid-strict-mode=ON", "--log-slave-updates=ON", "--character-set-server=utf8mb4",
                "--default-time-zone=+00:00", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
                "--skip-name-resolve"));
        command.addAll(serverOptions);
        return command.toArray(new String[0]);
    }

    @Override
    public int serverId() {
        return serverId;
    }
}
