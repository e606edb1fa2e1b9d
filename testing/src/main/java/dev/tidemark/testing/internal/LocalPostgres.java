package dev.tidemark.testing.internal;

import dev.tidemark.devserver.DevServerException;
import dev.tidemark.devserver.ThrowawayPostgres;
import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A private PostgreSQL server run from the installed binaries: a {@link ThrowawayPostgres} in an
 * instance directory under the module's {@code target/tidemark-pg/}. Layout of the instance directory:
 * {@code data/} (PGDATA, also the unix socket directory), {@code postgres.log}, {@code jvm.pid}.
 */
public final class LocalPostgres extends LocalServer<ThrowawayPostgres> implements PostgresServer {

    private LocalPostgres(boolean shared, Path binDir) {
        super(shared, Dialect.POSTGRES, ThrowawayPostgres.builder()
                .binDirectory(binDir)
                .instanceDirectory(WorkDirs.newInstanceDir("pg", ThrowawayPostgres::osUserCanReach))
                // the fixtures' Cleanup releases it, and keeps the files when asked to
                .closeOnExit(false)
                .build());
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
    public Path pgBinDir() {
        return server.binDirectory();
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local PostgreSQL on 127.0.0.1:" + port() + " (binaries "
                + pgBinDir() + ", data " + dataDirectory() + ")";
    }
}
