package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.devserver.ThrowawayPostgres;
import dev.tidemark.testing.internal.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PostgresServerTest {

    @Test
    void sharedServerRunsWithLogicalDecoding() {
        PostgresServer server = PostgresServer.shared();

        assertThat(server.isRunning()).isTrue();
        assertThat(server.queryScalar(server.adminDatabase(), "SHOW wal_level")).isEqualTo("logical");
        assertThat(server.setting("wal_level")).isEqualTo("logical");
        assertThat(server.majorVersion()).isGreaterThanOrEqualTo(15);
        assertThat(PostgresServer.shared()).isSameAs(server);
    }

    @Test
    void createdDatabaseIsReachableThroughItsJdbcUrl() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String db = "fixture_db_" + System.nanoTime();
        server.createDatabase(db);
        try {
            server.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'one')");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(db))) {
                assertThat(c.getCatalog()).isEqualTo(db);
            }
            assertThat(server.queryScalar(db, "SELECT v FROM t WHERE id = ?", 1)).isEqualTo("one");
        } finally {
            server.dropDatabase(db);
        }
        assertThat(server.queryScalar(server.adminDatabase(), "SELECT count(*) FROM pg_database WHERE datname = ?", db))
                .isEqualTo(0L);
    }

    @Test
    void droppingADatabaseAlsoDropsItsReplicationSlots() {
        PostgresServer server = PostgresServer.shared();
        String db = "fixture_slots_" + System.nanoTime();
        server.createDatabase(db);
        server.queryScalar(db, "SELECT pg_create_logical_replication_slot(?, 'pgoutput')", db);

        server.dropDatabase(db);

        assertThat(server.queryScalar(server.adminDatabase(), "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", db))
                .isEqualTo(0L);
    }

    @Test
    void sharedServerRefusesToBeKilledOrStopped() {
        PostgresServer server = PostgresServer.shared();

        assertThatThrownBy(server::kill).isInstanceOf(TestServerException.class).hasMessageContaining("startDedicated");
        assertThatThrownBy(server::stop).isInstanceOf(TestServerException.class).hasMessageContaining("shared");
        server.close();
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void localServerListensOnLoopbackAndTrustsReplicationConnections() throws Exception {
        try (LocalPostgres server = LocalPostgres.create(false)) {
            server.start();

            assertThat(server.setting("listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(server.setting("max_replication_slots")).isEqualTo("32");
            assertThat(server.setting("max_wal_senders")).isEqualTo("32");
            assertThat(server.setting("fsync")).isEqualTo("off");
            Path target = Path.of("target").toAbsolutePath();
            if (ThrowawayPostgres.osUserCanReach(target)) {
                assertThat(server.dataDirectory()).startsWith(target);
            } else {
                // a checkout in a private directory (mktemp -d): the postgres OS user cannot get to target/
                assertThat(server.dataDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir"))
                        .toAbsolutePath());
            }
            assertThat(server.dataDirectory().resolve("PG_VERSION")).exists();
            assertThat(server.pgBinDir().resolve("pg_recvlogical")).isExecutable();
            // a physical replication connection is refused unless pg_hba.conf has a 'replication' line
            Properties props = new Properties();
            props.setProperty("replication", "true");
            props.setProperty("preferQueryMode", "simple");
            props.setProperty("assumeMinServerVersion", "10");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), props);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("xlogpos")).contains("/");
            }
        }
    }

    @Test
    void killedServerRestartsOnTheSamePortWithCommittedData() throws Exception {
        try (LocalPostgres server = LocalPostgres.create(false)) {
            server.start();
            int port = server.port();
            server.createDatabase("crash");
            server.execute("crash", "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
            long postmaster = postmasterPid(server);

            server.kill();

            assertThat(server.isRunning()).isFalse();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThatThrownBy(() -> server.queryScalar("crash", "SELECT 1")).isInstanceOf(TestServerException.class);

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(postmasterPid(server)).isNotEqualTo(postmaster);
            assertThat(server.queryScalar("crash", "SELECT count(*) FROM t")).isEqualTo(2L);
        }
    }

    @Test
    void stoppedServerRestartsAndClosingDeletesItsFiles() {
        LocalPostgres server = LocalPostgres.create(false);
        server.start();
        Path data = server.dataDirectory();
        server.execute("postgres", "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");

        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.restart();
        assertThat(server.queryScalar("postgres", "SELECT id FROM kept")).isEqualTo(7);

        server.close();
        assertThat(data).doesNotExist();
        assertThatThrownBy(server::start).isInstanceOf(TestServerException.class).hasMessageContaining("closed");
    }

    @Test
    void aServerThatCannotStartFailsWithTheTailOfItsLog() throws Exception {
        try (LocalPostgres server = LocalPostgres.create(false)) {
            server.start();
            server.stop();
            // someone else takes the port while it is down: the restart must fail, loudly
            try (java.net.ServerSocket squatter = new java.net.ServerSocket(server.port(), 1,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                assertThatThrownBy(server::restart).isInstanceOf(TestServerException.class)
                        .hasMessageContaining("did not start")
                        .hasMessageContaining("last lines of")
                        .hasMessageContaining("could not bind");
            }
            assertThat(server.isRunning()).isFalse();
        }
    }

    private static long postmasterPid(PostgresServer server) throws Exception {
        return Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim());
    }
}
