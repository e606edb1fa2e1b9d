package dev.tidemark.testing;

import dev.tidemark.testing.internal.PostgresServers;
import java.nio.file.Path;

/**
 * A PostgreSQL server for tests. Which server is used is decided once per JVM from the environment:
 * <ol>
 *   <li>{@code TIDEMARK_TEST_PG_URL} set (for example
 *       {@code jdbc:postgresql://db:5432/postgres?user=postgres&password=secret}): that server, where
 *       databases are created; it must run with {@code wal_level=logical}. {@link #stop()}, {@link #kill()}
 *       and {@link #restart()} throw.</li>
 *   <li>{@code TIDEMARK_TEST_USE_TESTCONTAINERS=true} and a Docker engine answers: a {@code postgres:15}
 *       container started with {@code wal_level=logical}.</li>
 *   <li>Otherwise a private server started from the newest {@code /usr/lib/postgresql/<version>/bin}
 *       (or {@code TIDEMARK_TEST_PG_BIN}): initdb into {@code target/tidemark-pg/<random>}, a free port
 *       on 127.0.0.1, trust authentication (replication included), {@code wal_level=logical}, fsync off.
 *       Run as root, the server processes run as the {@code postgres} OS user.</li>
 * </ol>
 * A server that fails to start throws {@link TestServerException} with the tail of its log.
 *
 * <p>{@link #shared()} is the JVM-wide instance most tests use through {@link PostgresExtension}; it is
 * stopped by a shutdown hook. Tests that stop, kill or restart a server take a {@link #startDedicated()}
 * one and close it.
 */
public interface PostgresServer extends TestDatabaseServer {

    /** The JVM-wide shared server, started on first use. */
    static PostgresServer shared() {
        return PostgresServers.shared();
    }

    /** A new, started server of this JVM's kind, owned by the caller: close it when done. */
    static PostgresServer startDedicated() {
        return PostgresServers.startDedicated();
    }

    /** The directory holding {@code postgres}, {@code pg_ctl}, {@code pg_recvlogical}…; local servers only. */
    Path pgBinDir();

    /** The current value of a server setting, as {@code SHOW name} prints it. */
    default String setting(String name) {
        Object value = queryScalar(adminDatabase(), "SELECT current_setting(?)", name);
        return value == null ? null : value.toString();
    }

    /** The server's major version, e.g. 15. */
    default int majorVersion() {
        return Integer.parseInt(setting("server_version_num")) / 10000;
    }
}
