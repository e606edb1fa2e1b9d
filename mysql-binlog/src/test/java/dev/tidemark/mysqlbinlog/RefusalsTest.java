package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.testing.MariaDbExtension;
import dev.tidemark.testing.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Servers that cannot serve a binlog pipeline are refused with the setting or privilege to fix. */
@Tag("mariadb")
class RefusalsTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();

    @org.junit.jupiter.api.BeforeAll
    static void tables() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
    }

    private static Throwable failureOf(MySqlBinlogSource source) throws InterruptedException {
        Pipeline p = Pipelines.start("refused", source, CheckpointStore.inMemory(), new Capture(), 100);
        assertThat(p.awaitTermination(Duration.ofSeconds(30))).as("the pipeline stops by itself").isTrue();
        return p.status().failure().orElseThrow();
    }

    private static CheckResult result(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no check named " + name + " in " + results));
    }

    @Test
    void refusesAServerWithoutBinaryLog() throws Exception {
        try (MariaDbServer server = MariaDbServer.startDedicatedWith("--skip-log-bin")) {
            server.createDatabase("app");
            server.execute("app", "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE `" + Capture.MARKER_TABLE + "` (id int)");
            MySqlBinlogSource source = Pipelines.source(server, "app", "t").build();
            CheckResult check = result(source.check("refused", Optional.empty()), "log_bin");
            assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
            assertThat(check.message()).contains("log-bin");
            Throwable t = failureOf(source);
            assertThat(t).isInstanceOf(SourceUnavailableException.class).hasMessageContaining("log_bin is OFF");
            assertThat(((SourceUnavailableException) t).retryable()).isFalse();
        }
    }

    @Test
    void refusesStatementBasedLogging() throws Exception {
        try (MariaDbServer server = MariaDbServer.startDedicatedWith("--binlog-format=STATEMENT")) {
            server.createDatabase("app");
            server.execute("app", "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE `" + Capture.MARKER_TABLE + "` (id int)");
            MySqlBinlogSource source = Pipelines.source(server, "app", "t").build();
            CheckResult check = result(source.check("refused", Optional.empty()), "binlog_format");
            assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
            assertThat(check.message()).contains("STATEMENT", "SET GLOBAL binlog_format=ROW");
            assertThat(failureOf(source)).isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("binlog_format is STATEMENT").hasMessageContaining("binlog_format=ROW");
        }
    }

    @Test
    void refusesAUserWithoutReplicationPrivileges() throws Exception {
        db.server().execute("", "CREATE USER IF NOT EXISTS 'cdc_nopriv'@'%' IDENTIFIED BY 'pw'");
        MySqlBinlogSource source = MySqlBinlogSource.builder().url("jdbc:mariadb://127.0.0.1:" + db.server().port() + "/")
                .user("cdc_nopriv").password("pw").tables(db.database() + ".t").build();
        List<CheckResult> results = source.check("refused", Optional.empty());
        assertThat(result(results, "REPLICATION SLAVE").severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(result(results, "REPLICATION SLAVE").message()).contains("GRANT REPLICATION SLAVE ON *.*");
        assertThat(result(results, "REPLICATION CLIENT").severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(result(results, "REPLICATION CLIENT").message()).contains("GRANT BINLOG MONITOR ON *.*");
        assertThat(result(results, "table " + db.database() + ".t").severity()).isEqualTo(CheckResult.Severity.FAIL);
        Throwable t = failureOf(source);
        assertThat(t).isInstanceOf(SourceUnavailableException.class).hasMessageContaining("cdc_nopriv")
                .hasMessageContaining("GRANT REPLICATION SLAVE");

        // with the binlog position readable but no REPLICATION SLAVE, the server refuses the dump itself
        db.server().execute("", "GRANT BINLOG MONITOR ON *.* TO 'cdc_nopriv'@'%'");
        Throwable dump = failureOf(source);
        assertThat(dump).isInstanceOf(SourceUnavailableException.class).hasMessageContaining("may not read the binlog")
                .hasMessageContaining("REPLICATION SLAVE");
    }

    @Test
    void refusesAServerIdThatIsTheServersOwn() throws Exception {
        long own = ((Number) db.server().queryScalar("", "SELECT @@server_id")).longValue();
        MySqlBinlogSource source = Pipelines.source(db.server(), db.database(), "t").serverId(own).build();
        CheckResult check = result(source.check("refused", Optional.empty()), "server_id");
        assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(check.message()).contains("server's own");
        assertThat(failureOf(source)).isInstanceOf(SourceUnavailableException.class).hasMessageContaining("server_id " + own);
    }

    @Test
    void aReadyServerPassesEveryCheck() {
        List<CheckResult> results = Pipelines.source(db.server(), db.database(), "t").build().check("ready", Optional.empty());
        assertThat(results).isNotEmpty().allSatisfy(r -> assertThat(r.severity()).as(r.toString()).isEqualTo(CheckResult.Severity.OK));
        assertThat(results).extracting(CheckResult::name).contains("log_bin", "binlog_format", "binlog_row_image",
                "binlog_row_metadata", "gtid", "REPLICATION SLAVE", "REPLICATION CLIENT", "server_id");
    }
}
