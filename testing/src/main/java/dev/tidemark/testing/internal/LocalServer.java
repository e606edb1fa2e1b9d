package dev.tidemark.testing.internal;

import dev.tidemark.devserver.DevServerException;
import dev.tidemark.devserver.ThrowawayServer;
import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private server run from the installed binaries: a devserver {@link ThrowawayServer} (which does
 * the installation, the free port, the configuration and the processes) in an instance directory from
 * {@link WorkDirs}, with the fixtures' guards, cleanup ({@code TIDEMARK_TEST_KEEP_DATA}) and exceptions
 * around it. The vendor classes add what differs between vendors.
 */
abstract class LocalServer<S extends ThrowawayServer> extends AbstractServer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);

    /** The server itself; built with closeOnExit off, since {@link Cleanup} releases it. */
    protected final S server;

    LocalServer(boolean shared, Dialect dialect, S server) {
        super(shared, dialect);
        this.server = server;
        registerForCleanup();
    }

    @Override
    public final synchronized void start() {
        run(server::start);
    }

    @Override
    public final synchronized void stop() {
        checkNotShared("stop");
        run(server::stop);
    }

    @Override
    public final synchronized void kill() {
        checkNotShared("kill");
        run(server::kill);
    }

    @Override
    public final synchronized void restart() {
        checkNotShared("restart");
        run(() -> {
            server.stop();
            server.start();
        });
    }

    @Override
    public final boolean isRunning() {
        return server.isRunning();
    }

    @Override
    protected final synchronized void release() {
        if (Env.flag(Env.KEEP_DATA)) {
            try {
                server.stop();
            } catch (DevServerException e) {
                LOG.warn("could not stop {}: {}", describe(), e.getMessage());
            }
            LOG.info("keeping the files of {} ({}=true)", describe(), Env.KEEP_DATA);
        } else {
            server.close();
        }
    }

    /** Runs {@code action}, turning devserver's exceptions into the fixtures' own. */
    static void run(Runnable action) {
        run(() -> {
            action.run();
            return null;
        });
    }

    static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (DevServerException e) {
            throw new TestServerException(e.getMessage(), e);
        }
    }

    @Override
    public final ServerKind kind() {
        return ServerKind.LOCAL;
    }

    @Override
    public final String host() {
        return server.host();
    }

    @Override
    public final int port() {
        return server.port();
    }

    @Override
    public final Path dataDirectory() {
        return server.dataDirectory();
    }
}
