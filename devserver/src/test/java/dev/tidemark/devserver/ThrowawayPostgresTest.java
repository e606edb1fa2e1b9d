package dev.tidemark.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A throwaway PostgreSQL from the installed binaries: started, used, stopped, killed and removed. */
@Tag("postgres")
class ThrowawayPostgresTest {

    @Test
    void startsALogicalDecodingServerOnLoopbackAndClosingRemovesIt() throws Exception {
        Path instance;
        try (ThrowawayPostgres pg = ThrowawayPostgres.builder().start()) {
            instance = pg.instanceDirectory();
            assertThat(pg.isRunning()).isTrue();
            assertThat(pg.dataDirectory().resolve("PG_VERSION")).exists();
            assertThat(setting(pg, "wal_level")).isEqualTo("logical");
            assertThat(setting(pg, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(pg, "port")).isEqualTo(Integer.toString(pg.port()));

            pg.createDatabase("shop");
            try (Connection c = pg.connect("shop"); Statement st = c.createStatement()) {
                // a logical slot is what Tidemark needs of the server
                st.execute("SELECT pg_create_logical_replication_slot('probe', 'pgoutput')");
            }
        }
        assertThat(instance).doesNotExist();
    }

    @Test
    void aStoppedServerStartsAgainWithItsDataAndAKilledOneRecovers(@TempDir Path tmp) throws Exception {
        // run as root, the server's OS user must be able to reach its directory: JUnit's is private
        Path dir = Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ThrowawayPostgres pg = ThrowawayPostgres.builder().instanceDirectory(dir.resolve("pg"))
                .setting("max_connections", "30").start()) {
            int port = pg.port();
            assertThat(setting(pg, "max_connections")).isEqualTo("30");
            try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (id int)");
                st.execute("INSERT INTO kept VALUES (7)");
            }

            pg.stop();
            assertThat(pg.isRunning()).isFalse();
            pg.start();
            assertThat(pg.port()).isEqualTo(port);
            pg.kill();
            assertThat(pg.isRunning()).isFalse();
            assertThatThrownBy(pg::kill).isInstanceOf(DevServerException.class).hasMessageContaining("not running");
            pg.start();

            try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            pg.close();
            assertThatThrownBy(pg::start).isInstanceOf(DevServerException.class).hasMessageContaining("closed");
        }
        assertThat(dir.resolve("pg")).doesNotExist();
    }

    @Test
    void aPrivateDirectoryIsRefusedWithTheFixWhenTheServerRunsAsAnotherUser(@TempDir Path privateDir) {
        try (ThrowawayPostgres pg = ThrowawayPostgres.builder().instanceDirectory(privateDir.resolve("pg")).build()) {
            if (dev.tidemark.devserver.internal.OsUsers.runningAsRoot()) {
                // the server runs as postgres, which cannot search JUnit's private directory
                assertThatThrownBy(pg::start).isInstanceOf(DevServerException.class)
                        .hasMessageContaining("cannot reach").hasMessageContaining(privateDir.toString());
            } else {
                // the server runs as we do, and our own private directory is fine
                pg.start();
                assertThat(pg.isRunning()).isTrue();
            }
        }
    }

    @Test
    void theBuilderRefusesWhatTheServerWouldFailOn(@TempDir Path dir) throws Exception {
        ThrowawayPostgres.Builder b = ThrowawayPostgres.builder();
        assertThatThrownBy(() -> b.setting("port", "5432")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chosen by ThrowawayPostgres");
        assertThatThrownBy(() -> b.setting("wal_level; x", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.setting("work_mem", "1MB\nfsync = on")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.binDirectory(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql/15/bin");
        Files.createDirectories(dir.resolve("used/data"));
        assertThatThrownBy(() -> b.instanceDirectory(dir.resolve("used"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds a data directory");
    }

    private static String setting(ThrowawayPostgres pg, String name) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
