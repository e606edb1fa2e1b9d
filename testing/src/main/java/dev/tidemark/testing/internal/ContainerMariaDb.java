package dev.tidemark.testing.internal;

import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** A {@code mariadb:10.11} Testcontainers container with the binlog set up like a local server's. */
public final class ContainerMariaDb extends AbstractServer implements MariaDbServer {
    private static final String IMAGE = "mariadb:10.11";
    private final GenericContainer<?> container;
    private final int serverId;

    public ContainerMariaDb(boolean shared, int serverId) {
        this(shared, serverId, java.util.List.of());
    }

    @SuppressWarnings("resource") // closed in close() or by the shutdown hook
    public ContainerMariaDb(boolean shared, int serverId, java.util.List<String> serverOptions) {
        super(shared);
        this.serverId = serverId;
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("--log-bin=mariadb-bin",
                "--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL", "--server-id=" + serverId,
                "--gtid-strict-mode=ON", "--log-slave-updates=ON", "--character-set-server=utf8mb4",
                "--default-time-zone=+00:00", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
                "--skip-name-resolve"));
        command.addAll(serverOptions);
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
                .withExposedPorts(3306)
                .withCommand(command.toArray(new String[0]))
                // the image's init runs a server without networking first, so a listening port means the real one
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        registerForCleanup();
    }

    @Override
    public synchronized void start() {
        if (container.isRunning()) {
            return;
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            String logs;
            try {
                logs = container.getLogs();
                logs = logs.substring(Math.max(0, logs.length() - 4000));
            } catch (RuntimeException e2) {
                logs = "(no logs: " + e2.getMessage() + ")";
            }
            throw new TestServerException("the " + IMAGE + " test container did not start: " + e.getMessage()
                    + "\n--- container log ---\n" + logs, e);
        }
        ContainerWaits.untilConnects(this, adminDatabase(), Duration.ofSeconds(60));
    }

    @Override
    public synchronized boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public void stop() {
        checkNotShared("stop");
        throw unsupported("stop");
    }

    @Override
    public void kill() {
        checkNotShared("kill");
        throw unsupported("kill");
    }

    @Override
    public void restart() {
        checkNotShared("restart");
        throw unsupported("restart");
    }

    @Override
    public synchronized void close() {
        if (isShared()) {
            return;
        }
        deregisterFromCleanup();
        container.stop();
    }

    @Override
    protected void shutdownAtExit() {
        container.stop();
    }

    @Override
    public void replicateFrom(MariaDbServer primary) {
        throw unsupported("make a replica of");
    }

    @Override
    public void awaitReplicationFrom(MariaDbServer primary, Duration timeout) {
        throw unsupported("wait for replication on");
    }

    @Override
    public void stopReplicating() {
        throw unsupported("stop replication on");
    }

    @Override
    public int serverId() {
        return serverId;
    }

    @Override
    public ServerKind kind() {
        return ServerKind.CONTAINER;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(3306);
    }

    @Override
    public String user() {
        return "root";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String adminDatabase() {
        return "";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host() + ":" + port() + "/" + (database == null ? "" : database) + "?user=root";
    }

    @Override
    public void createDatabase(String name) {
        execute(adminDatabase(), "CREATE DATABASE " + Jdbc.quoteMy(name));
    }

    @Override
    public void dropDatabase(String name) {
        execute(adminDatabase(), "DROP DATABASE IF EXISTS " + Jdbc.quoteMy(name));
    }

    @Override
    protected String vendor() {
        return "MariaDB";
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " " + IMAGE + " container server_id " + serverId
                + (container.isRunning() ? " on " + host() + ":" + port() : "");
    }
}
