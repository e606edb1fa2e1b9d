package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.MariaDbExtension;
import dev.tidemark.testing.MariaDbServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tidemark check} with a {@code mysql} source: exit 0 on a ready MariaDB, and a FAIL line
 * naming the setting and its fix on a server whose binary log is off or logs statements.
 */
class MysqlCheckCommandTest {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    @BeforeAll
    static void schema() {
        mariadb.execute("CREATE TABLE `orders` (`id` bigint PRIMARY KEY, `note` text)");
    }

    /** The check's line about {@code what} of pipeline {@code name}, e.g. {@code FAIL [p] log_bin: ...}. */
    private static String line(InProcessCli.Result r, String name, String what) {
        return r.out().lines().filter(l -> l.contains("[" + name + "] " + what + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no line about " + what + " in\n" + r));
    }

    @Test
    void aReadyMariaDbPassesWithExitCodeZero() {
        Path dir = E2e.workDir(getClass(), "ready");
        // a checkpoint database of its own: as on a server Tidemark never ran on
        Path config = E2e.writeConfig(dir, E2e.mysqlPipeline("my_ready", mariadb, mariadb.server().user(),
                List.of("orders"), "[{type: jsonl, path: out.jsonl}]", "checkpoint: {schema: " + E2e.unique("fresh") + "}"));

        InProcessCli.Result r = new InProcessCli(dir).execute("check", "--config", config.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).doesNotContain("FAIL").doesNotContain("WARN")
                .contains("1 pipeline(s) checked: 0 failure(s), 0 warning(s)");
        assertThat(line(r, "my_ready", "connection")).startsWith("OK").contains("MariaDB 10.");
        assertThat(line(r, "my_ready", "log_bin")).startsWith("OK");
        assertThat(line(r, "my_ready", "binlog_format")).startsWith("OK");
        assertThat(line(r, "my_ready", "binlog_row_image")).startsWith("OK");
        assertThat(line(r, "my_ready", "binlog_row_metadata")).startsWith("OK");
        assertThat(line(r, "my_ready", "gtid")).startsWith("OK");
        assertThat(line(r, "my_ready", "REPLICATION SLAVE")).startsWith("OK");
        assertThat(line(r, "my_ready", "table " + mariadb.database() + ".orders")).startsWith("OK");
        assertThat(line(r, "my_ready", "server_id")).startsWith("OK").contains("derived from the pipeline name");
        assertThat(line(r, "my_ready", "checkpoint database")).startsWith("OK");
        assertThat(line(r, "my_ready", "checkpoint")).startsWith("OK").contains("run creates it").contains("first run");
    }

    @Test
    void aServerWithoutTheBinlogOrWithStatementFormatFailsNamingTheFixes() {
        try (MariaDbServer server = MariaDbServer.startDedicatedWith("--skip-log-bin", "--binlog-format=STATEMENT")) {
            server.createDatabase("shop");
            server.execute("shop", "CREATE TABLE `orders` (`id` bigint PRIMARY KEY)");
            Path dir = E2e.workDir(getClass(), "off");
            String url = "jdbc:mariadb://" + server.host() + ":" + server.port() + "/shop";
            Path config = E2e.writeConfig(dir, """
                      - name: my_off
                        source: {type: mysql, url: '%s', user: %s, tables: [shop.orders]}
                        sinks: [{type: stdout}]
                    """.formatted(url, server.user()));

            InProcessCli.Result r = new InProcessCli(dir).execute("check", "--config", config.toString());

            assertThat(r.exitCode()).as("%s", r).isOne();
            assertThat(line(r, "my_off", "log_bin")).startsWith("FAIL").contains("log_bin is OFF")
                    .contains("start the server with log-bin");
            assertThat(line(r, "my_off", "binlog_format")).startsWith("FAIL").contains("binlog_format is STATEMENT")
                    .contains("SET GLOBAL binlog_format=ROW");
            // the rest of the setup is fine, and checkpoints would live on this server
            assertThat(line(r, "my_off", "checkpoint database")).startsWith("OK");
            assertThat(line(r, "my_off", "table shop.orders")).startsWith("OK");
            assertThat(r.out()).contains("1 pipeline(s) checked: 2 failure(s), 0 warning(s)");
        }
    }
}
