package dev.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.internal.LocalMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mariadb")
class MariaDbServerTest {

    @Test
    void sharedServerWritesARowBasedBinlogWithGtids() {
        MariaDbServer server = MariaDbServer.shared();

        assertThat(server.variable("log_bin")).isEqualTo("ON");
        assertThat(server.variable("binlog_format")).isEqualTo("ROW");
        assertThat(server.variable("binlog_row_image")).isEqualTo("FULL");
        assertThat(server.variable("binlog_row_metadata")).isEqualTo("FULL");
        assertThat(server.variable("gtid_strict_mode")).isEqualTo("ON");
        assertThat(server.variable("log_slave_updates")).isEqualTo("ON");
        assertThat(MariaDbServer.shared()).isSameAs(server);
    }

    @Test
    void createdDatabaseIsReachableThroughItsJdbcUrl() throws Exception {
        MariaDbServer server = MariaDbServer.shared();
        String db = "fixture_db_" + System.nanoTime();
        server.createDatabase(db);
        try {
            server.execute(db, "CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t VALUES (1, 'one')");
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(db))) {
                assertThat(c.getCatalog()).isEqualTo(db);
            }
            assertThat(server.queryScalar(db, "SELECT v FROM t WHERE id = ?", 1)).isEqualTo("one");
        } finally {
            server.dropDatabase(db);
        }
        assertThat(server.queryScalar("", "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", db))
                .isEqualTo(0L);
    }

    @Test
    void sharedServerRefusesToBeKilled() {
        assertThatThrownBy(MariaDbServer.shared()::kill).isInstanceOf(TestServerException.class)
                .hasMessageContaining("startDedicated");
    }

    @Test
    void localServerUsesRealGrantTablesAndItsOwnDirectory() {
        try (LocalMariaDb server = LocalMariaDb.create(false, 7)) {
            server.start();

            assertThat(server.serverId()).isEqualTo(7);
            assertThat(server.variable("server_id")).isEqualTo("7");
            assertThat(server.variable("skip_grant_tables")).isNotEqualTo("ON");
            assertThat(server.variable("bind_address")).isEqualTo("127.0.0.1");
            assertThat(server.queryScalar("", "SELECT count(*) FROM mysql.global_priv WHERE User = 'root'"))
                    .satisfies(n -> assertThat(((Number) n).longValue()).isPositive());
            assertThat(server.dataDirectory()).startsWith(Path.of("target").toAbsolutePath());
            assertThat(server.socket()).exists();
        }
    }

    @Test
    void serverOptionsOverrideTheStandardOnes() {
        try (MariaDbServer server = MariaDbServer.startDedicatedWith("--binlog-format=STATEMENT", "--skip-log-bin")) {
            assertThat(server.variable("binlog_format")).isEqualTo("STATEMENT");
            assertThat(server.variable("log_bin")).isEqualTo("OFF");
            assertThat(server.variable("binlog_row_image")).isEqualTo("FULL");
        }
    }

    @Test
    void aServerThatCannotStartFailsWithTheTailOfItsLog() throws Exception {
        try (LocalMariaDb server = LocalMariaDb.create(false, 9)) {
            server.start();
            server.stop();
            try (java.net.ServerSocket squatter = new java.net.ServerSocket(server.port(), 1,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                assertThatThrownBy(server::restart).isInstanceOf(TestServerException.class)
                        .hasMessageContaining("exited")
                        .hasMessageContaining("last lines of")
                        .hasMessageContaining("Bind on TCP/IP port");
            }
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void killedServerRestartsOnTheSamePortWithCommittedData() {
        try (LocalMariaDb server = LocalMariaDb.create(false, 8)) {
            server.start();
            int port = server.port();
            server.createDatabase("crash");
            server.execute("crash", "CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO t VALUES (1), (2)");
            String binlogBefore = server.variable("gtid_binlog_pos");

            server.kill();

            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.queryScalar("crash", "SELECT 1")).isInstanceOf(TestServerException.class);

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.queryScalar("crash", "SELECT count(*) FROM t")).isEqualTo(2L);
            assertThat(server.variable("gtid_binlog_pos")).isEqualTo(binlogBefore);
        }
    }
}
