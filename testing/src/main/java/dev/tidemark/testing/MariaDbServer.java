package dev.tidemark.testing;

import dev.tidemark.testing.internal.MariaDbServers;
import java.time.Duration;
import java.util.List;

/**
 * A MariaDB server for tests, with the binary log on in the form change data capture needs:
 * {@code log_bin}, {@code binlog_format=ROW}, {@code binlog_row_image=FULL},
 * {@code binlog_row_metadata=FULL}, {@code gtid_strict_mode=ON}, {@code log_slave_updates=ON}.
 * The server is chosen once per JVM, like {@link PostgresServer}:
 * <ol>
 *   <li>{@code TIDEMARK_TEST_MYSQL_URL} set (for example {@code jdbc:mariadb://db:3306/?user=root&password=x}):
 *       that server; lifecycle and replication helpers throw.</li>
 *   <li>{@code TIDEMARK_TEST_USE_TESTCONTAINERS=true} and a Docker engine answers: a {@code mariadb:10.11}
 *       container.</li>
 *   <li>Otherwise a private {@code mariadbd} from the installed binaries: {@code mariadb-install-db} into
 *       {@code target/tidemark-mariadb/<random>}, a free port on 127.0.0.1, the socket in the data
 *       directory, user {@code root} with an empty password (real grant tables, no skip-grant-tables).</li>
 * </ol>
 *
 * <p>Two dedicated local servers can be chained with {@link #replicateFrom(MariaDbServer)} for
 * failover tests.
 */
public interface MariaDbServer extends TestDatabaseServer {

    /** The JVM-wide shared server (server_id 1), started on first use. */
    static MariaDbServer shared() {
        return MariaDbServers.shared();
    }

    /** A new, started server with a server_id unique in this JVM, owned by the caller. */
    static MariaDbServer startDedicated() {
        return MariaDbServers.startDedicated(0);
    }

    /** A new, started server with the given server_id (at least 1), owned by the caller. */
    static MariaDbServer startDedicated(int serverId) {
        if (serverId < 1) {
            throw new IllegalArgumentException("server_id must be at least 1, got " + serverId);
        }
        return MariaDbServers.startDedicated(serverId);
    }

    /**
     * A new, started server with a server_id unique in this JVM, whose {@code mariadbd} gets the
     * given options after the standard ones (so they override them), e.g. {@code --skip-log-bin}
     * or {@code --binlog-format=STATEMENT}. Local servers and containers only; with an external
     * server this throws.
     */
    static MariaDbServer startDedicatedWith(String... serverOptions) {
        return MariaDbServers.startDedicated(0, List.of(serverOptions));
    }

    /** This server's {@code server_id}. */
    int serverId();

    /** The global value of a server variable, e.g. {@code log_bin} gives {@code ON}. */
    default String variable(String name) {
        Object value = queryForList(adminDatabase(), "SHOW GLOBAL VARIABLES LIKE ?", name).stream()
                .findFirst().map(row -> row.get("Value")).orElse(null);
        return value == null ? null : value.toString();
    }

    /**
     * Makes this server a GTID replica of {@code primary}
     * ({@code CHANGE MASTER TO … MASTER_USE_GTID=slave_pos; START SLAVE}) and returns once both
     * replication threads run. Both must be local servers.
     */
    void replicateFrom(MariaDbServer primary);

    /** Waits until this replica has applied everything {@code primary} has written so far. */
    void awaitReplicationFrom(MariaDbServer primary, Duration timeout);

    /** Stops replicating and forgets the primary ({@code STOP SLAVE; RESET SLAVE ALL}), as a promotion does. */
    void stopReplicating();
}
