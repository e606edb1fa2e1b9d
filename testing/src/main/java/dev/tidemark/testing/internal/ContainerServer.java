package dev.tidemark.testing.internal;

import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers container exposing the vendor's default port. Loaded only when Testcontainers was
 * asked for, so the class path needs no Docker otherwise. Lifecycle operations are refused: a test
 * that stops or kills a server needs a local one.
 */
abstract class ContainerServer extends AbstractServer {
    private final String image;
    private final String name;
    private final GenericContainer<?> container;

    /**
     * {@code name} is what messages call the server before its address, e.g.
     * {@code mariadb:10.11 container server_id 1}.
     */
    @SuppressWarnings("resource") // closed in close() or by the shutdown hook
    ContainerServer(boolean shared, Dialect dialect, String image, String name, Map<String, String> env,
            String... command) {
        super(shared, dialect);
        this.image = image;
        this.name = name;
        container = new GenericContainer<>(DockerImageName.parse(image))
                .withEnv(env)
                .withExposedPorts(dialect.defaultPort)
                .withCommand(command)
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
            throw new TestServerException("the " + image + " test container did not start: " + e.getMessage()
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
    protected void release() {
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
        return container.getMappedPort(dialect().defaultPort);
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " " + name
                + (container.isRunning() ? " on " + host() + ":" + port() : "");
    }
}
