package dev.tidemark.testing.internal;

import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code postgres:15} Testcontainers container with logical decoding on. Loaded only when
 * Testcontainers was asked for, so the class path needs no Docker otherwise.
 */
public final class ContainerPostgres extends AbstractServer implements PostgresServer {
    private static final String IMAGE = "postgres:15";
    private static final String PASSWORD = "tidemark";
    private final GenericContainer<?> container;

    @SuppressWarnings("resource") // closed in close() or by the shutdown hook
    public ContainerPostgres(boolean shared) {
        super(shared);
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withExposedPorts(5432)
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=32",
                        "-c", "max_wal_senders=32", "-c", "max_connections=200", "-c", "fsync=off",
                        "-c", "full_page_writes=off", "-c", "timezone=UTC")
                // the image's init script runs a server without TCP first, so a listening port means the real one
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
            throw new TestServerException("the " + IMAGE + " test container did not start: " + e.getMessage()
                    + "\n--- container log ---\n" + tailOfLogs(), e);
        }
        ContainerWaits.untilConnects(this, adminDatabase(), Duration.ofSeconds(60));
    }

    private String tailOfLogs() {
        try {
            String logs = container.getLogs();
            return logs.substring(Math.max(0, logs.length() - 4000));
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
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
    public ServerKind kind() {
        return ServerKind.CONTAINER;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(5432);
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/"
                + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8) + "?user=postgres&password=" + PASSWORD;
    }

    @Override
    public void createDatabase(String name) {
        execute(adminDatabase(), "CREATE DATABASE " + Jdbc.quotePg(name));
    }

    @Override
    public void dropDatabase(String name) {
        PostgresSql.dropDatabase(this, name);
    }

    @Override
    public Path pgBinDir() {
        throw unsupported("give the binaries of");
    }

    @Override
    protected String vendor() {
        return "PostgreSQL";
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " " + IMAGE + " container"
                + (container.isRunning() ? " on " + host() + ":" + port() : "");
    }
}
