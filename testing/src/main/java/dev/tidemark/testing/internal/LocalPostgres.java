package dev.tidemark.testing.internal;

import dev.tidemark.devserver.DevServerException;
import dev.tidemark.devserver.ThrowawayPostgres;
import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.ServerKind;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server run from the installed binaries: a {@link ThrowawayPostgres} (which
 * does initdb, the free port, the configuration and the processes) in an instance directory under
 * the module's {@code target/tidemark-pg/}, with the fixtures' guards, cleanup and exceptions around
 * it. Layout of the instance directory: {@code data/} (PGDATA, also the unix socket directory),
 * {@code postgres.log}, {@code jvm.pid}.
 */
public final class LocalPostgres extends AbstractServer implements PostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private final ThrowawayPostgres server;

    private LocalPostgres(boolean shared, Path binDir) {
        super(shared, Dialect.POSTGRES);
        this.server = ThrowawayPostgres.builder()
                .binDirectory(binDir)
                .instanceDirectory(WorkDirs.newInstanceDir("pg", Optional.of(ThrowawayPostgres.OS_USER)))
                // the fixtures' Cleanup releases it, and keeps the files when asked to
                .closeOnExit(false)
                .build();
        registerForCleanup();
    }

    /** A new server, not yet started. */
    public static LocalPostgres create(boolean shared) {
        return new LocalPostgres(shared, findBinDir());
    }

    /** {@code TIDEMARK_TEST_PG_BIN}, else the newest {@code /usr/lib/postgresql/<major>/bin}. */
    static Path findBinDir() {
        Optional<String> configured = Env.get(Env.PG_BIN);
        if (configured.isPresent()) {
            Path dir = Path.of(configured.get());
            if (!Files.isExecutable(dir.resolve("postgres"))) {
                throw new TestServerException(Env.PG_BIN + "=" + dir + " holds no executable 'postgres'; point it at a "
                        + "PostgreSQL bin directory such as /usr/lib/postgresql/15/bin");
            }
            return dir;
        }
        try {
            return ThrowawayPostgres.newestInstalledBinDirectory();
        } catch (DevServerException e) {
            throw new TestServerException(e.getMessage() + "; or set " + Env.PG_BIN + " to a bin directory, or "
                    + Env.PG_URL + " to an existing server", e);
        }
    }

    @Override
    public synchronized void start() {
        run(server::start);
    }

    @Override
    public synchronized void stop() {
        checkNotShared("stop");
        run(server::stop);
    }

    @Override
    public synchronized void kill() {
        checkNotShared("kill");
        run(server::kill);
    }

    @Override
    public synchronized void restart() {
        checkNotShared("restart");
        run(() -> {
            server.stop();
            server.start();
        });
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    protected synchronized void release() {
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

    private void run(Runnable action) {
        run(() -> {
            action.run();
            return null;
        });
    }

    private <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (DevServerException e) {
            throw new TestServerException(e.getMessage(), e);
        }
    }

    @Override
    public ServerKind kind() {
        return ServerKind.LOCAL;
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public Path dataDirectory() {
        return server.dataDirectory();
    }

    @Override
    public Path pgBinDir() {
        return server.binDirectory();
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local PostgreSQL on 127.0.0.1:" + port() + " (binaries "
                + pgBinDir() + ", data " + dataDirectory() + ")";
    }
}
