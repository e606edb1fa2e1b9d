package dev.tidemark.testing.internal;

import dev.tidemark.devserver.DevServerException;
import dev.tidemark.devserver.ThrowawayMariaDb;
import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.TestServerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private MariaDB server run from the installed binaries, with the binary log set up for change data
 * capture and GTID replication: a {@link ThrowawayMariaDb} in an instance directory under the module's
 * {@code target/tidemark-mariadb/}. Layout of the instance directory: {@code data/} (datadir, socket,
 * pid file, binlogs), {@code tmp/}, {@code mariadb.log} (error log), {@code mariadbd.out}, {@code jvm.pid}.
 */
public final class LocalMariaDb extends LocalServer<ThrowawayMariaDb> implements MariaDbServer {

    private LocalMariaDb(boolean shared, int serverId, List<String> serverOptions, ThrowawayMariaDb.Binaries binaries) {
        super(shared, Dialect.MARIADB, ThrowawayMariaDb.builder()
                .binaries(binaries)
                .serverId(serverId)
                .serverOptions(serverOptions)
                // mariadbd runs as we do (as root with --user=root): no other OS user has to reach the directory
                .instanceDirectory(WorkDirs.newInstanceDir("mariadb", dir -> true))
                // the fixtures' Cleanup releases it, and keeps the files when asked to
                .closeOnExit(false)
                .build());
    }

    public static LocalMariaDb create(boolean shared, int serverId) {
        return create(shared, serverId, List.of());
    }

    /** A server whose {@code mariadbd} gets {@code serverOptions} after the standard options, so they override them. */
    public static LocalMariaDb create(boolean shared, int serverId, List<String> serverOptions) {
        // the binaries are looked up before the instance directory is made, so a missing one leaves nothing behind
        ThrowawayMariaDb.Binaries binaries;
        try {
            binaries = ThrowawayMariaDb.Binaries.installed();
        } catch (DevServerException e) {
            throw new TestServerException(e.getMessage() + "; or set " + Env.MYSQL_URL + " to an existing server", e);
        }
        return new LocalMariaDb(shared, serverId, serverOptions, binaries);
    }

    @Override
    public void replicateFrom(MariaDbServer primary) {
        checkNotShared("make a replica of");
        if (!(primary instanceof LocalMariaDb)) {
            throw new TestServerException("replicateFrom needs a local primary, got " + primary);
        }
        MariaDbSql.replicateFrom(this, primary);
    }

    @Override
    public void awaitReplicationFrom(MariaDbServer primary, Duration timeout) {
        MariaDbSql.awaitReplication(this, primary, timeout);
    }

    @Override
    public void stopReplicating() {
        execute(adminDatabase(), "STOP SLAVE", "RESET SLAVE ALL");
    }

    @Override
    public int serverId() {
        return server.serverId();
    }

    /** The unix socket the server listens on. */
    public Path socket() {
        return server.socket();
    }

    @Override
    protected String describe() {
        return (isShared() ? "shared" : "dedicated") + " local MariaDB server_id " + serverId() + " on 127.0.0.1:"
                + port() + " (data " + dataDirectory() + ")";
    }
}
