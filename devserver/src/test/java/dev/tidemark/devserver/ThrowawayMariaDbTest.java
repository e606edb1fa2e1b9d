package dev.tidemark.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A throwaway MariaDB from the installed binaries: started, used, stopped, killed and removed. */
@Tag("mariadb")
class ThrowawayMariaDbTest {

    @Test
    void startsARowBinlogGtidServerOnLoopbackAndClosingRemovesIt() throws Exception {
        Path instance;
        try (ThrowawayMariaDb db = ThrowawayMariaDb.builder().serverId(42).start()) {
            instance = db.instanceDirectory();
            assertThat(db.isRunning()).isTrue();
            assertThat(db.dataDirectory().resolve("mysql")).isDirectory();
            assertThat(variable(db, "log_bin")).isEqualTo("ON");
            assertThat(variable(db, "binlog_format")).isEqualTo("ROW");
            assertThat(variable(db, "binlog_row_image")).isEqualTo("FULL");
            assertThat(variable(db, "binlog_row_metadata")).isEqualTo("FULL");
            assertThat(variable(db, "gtid_strict_mode")).isEqualTo("ON");
            assertThat(variable(db, "server_id")).isEqualTo("42");
            assertThat(variable(db, "bind_address")).isEqualTo("127.0.0.1");
            assertThat(variable(db, "port")).isEqualTo(Integer.toString(db.port()));
            // its temporary files stay in its own directory, not in the shared /tmp
            assertThat(Path.of(variable(db, "tmpdir"))).isEqualTo(instance.resolve("tmp"));
            assertThat(db.socket()).exists();

            db.createDatabase("shop");
            try (Connection c = db.connect("shop"); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE orders (id int PRIMARY KEY) ENGINE=InnoDB");
                st.execute("INSERT INTO orders VALUES (1)");
            }
            // the insert is a GTID event in the binary log, which is what Tidemark reads
            assertThat(variable(db, "gtid_binlog_pos")).matches("0-42-\\d+");
        }
        assertThat(instance).doesNotExist();
    }

    @Test
    void aStoppedServerStartsAgainWithItsDataAndAKilledOneRecovers(@TempDir Path dir) throws Exception {
        try (ThrowawayMariaDb db = ThrowawayMariaDb.builder().instanceDirectory(dir.resolve("db"))
                .serverOptions("--max-connections=30").start()) {
            int port = db.port();
            assertThat(variable(db, "max_connections")).isEqualTo("30");
            db.createDatabase("kept");
            try (Connection c = db.connect("kept"); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id int PRIMARY KEY) ENGINE=InnoDB");
                st.execute("INSERT INTO t VALUES (7)");
            }
            String gtidBefore = variable(db, "gtid_binlog_pos");

            db.stop();
            assertThat(db.isRunning()).isFalse();
            db.start();
            assertThat(db.port()).isEqualTo(port);
            db.kill();
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(db::kill).isInstanceOf(DevServerException.class).hasMessageContaining("not running");
            db.restart();

            assertThat(db.port()).isEqualTo(port);
            assertThat(variable(db, "gtid_binlog_pos")).isEqualTo(gtidBefore);
            try (Connection c = db.connect("kept"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            db.close();
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(db::start).isInstanceOf(DevServerException.class).hasMessageContaining("closed");
        }
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void serversInstalledAtOnceEachGetTheirOwn() throws Exception {
        // mariadb-install-db runs at once in several JVM threads, as parallel test classes do
        List<ThrowawayMariaDb> servers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ThrowawayMariaDb>> started = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int id = i;
                started.add(pool.submit(() -> ThrowawayMariaDb.builder().serverId(id).start()));
            }
            for (Future<ThrowawayMariaDb> f : started) {
                servers.add(f.get());
            }
            assertThat(servers).extracting(ThrowawayMariaDb::port).doesNotHaveDuplicates();
            for (ThrowawayMariaDb db : servers) {
                assertThat(variable(db, "server_id")).isEqualTo(Integer.toString(db.serverId()));
            }
        } finally {
            pool.shutdownNow();
            servers.forEach(ThrowawayMariaDb::close);
        }
    }

    @Test
    void aServerThatCannotBindFailsWithTheTailOfItsLog() throws Exception {
        try (ThrowawayMariaDb db = ThrowawayMariaDb.builder().start()) {
            db.stop();
            try (java.net.ServerSocket squatter = new java.net.ServerSocket(db.port(), 1,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                // not a first start: the port is the server's, so it is not moved but reported
                assertThatThrownBy(db::start).isInstanceOf(DevServerException.class)
                        .hasMessageContaining("exited").hasMessageContaining("Bind on TCP/IP port");
            }
            assertThat(db.isRunning()).isFalse();
        }
    }

    @Test
    void theBuilderRefusesWhatTheServerWouldFailOn(@TempDir Path dir) throws Exception {
        ThrowawayMariaDb.Builder b = ThrowawayMariaDb.builder();
        assertThatThrownBy(() -> b.serverOptions("--port=3306")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chosen by ThrowawayMariaDb");
        // mariadbd takes - and _ alike in option names
        assertThatThrownBy(() -> b.serverOptions("--log-bin", "--bind_address=0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bind-address");
        assertThatThrownBy(() -> b.serverOptions("log-bin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--name[=value]");
        assertThatThrownBy(() -> b.serverId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrowawayMariaDb.Binaries(dir, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mariadb-install-db");
        Files.createDirectories(dir.resolve("used/data"));
        assertThatThrownBy(() -> b.instanceDirectory(dir.resolve("used"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds a data directory");
    }

    /** A server variable as SHOW VARIABLES gives it (ON rather than 1). */
    private static String variable(ThrowawayMariaDb db, String name) throws Exception {
        try (Connection c = db.connect(""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            assertThat(rs.next()).as("variable %s exists", name).isTrue();
            return rs.getString(2);
        }
    }
}
