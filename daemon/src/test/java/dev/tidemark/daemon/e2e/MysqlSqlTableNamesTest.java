package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.testing.MariaDbExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables whose names need quotes, listed in SQL syntax (backticks and double quotes) in a YAML
 * config, through the real daemon on a real MariaDB: {@code check} finds them, {@code run} captures
 * their changes under their real database and table names, an unlisted table that differs from a
 * listed one only by case stays out (the server keeps case: {@code lower_case_table_names=0}), and
 * the effective-config log line prints the list so that it pastes back into the file.
 */
class MysqlSqlTableNamesTest {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    @Test
    void tablesNamedInSqlSyntaxAreCheckedAndCapturedUnderTheirRealNames() throws Exception {
        String db = mariadb.database();
        // a database whose name needs quotes too; unique, since the server is shared by the test classes
        String sales = "Sales " + E2e.unique("q").substring(2);
        assertThat(mariadb.queryLong("SELECT @@lower_case_table_names")).as("the server keeps case").isZero();
        mariadb.execute(
                "CREATE TABLE `Order Lines` (`id` bigint PRIMARY KEY, `note` varchar(32))",
                "CREATE DATABASE `" + sales + "`",
                "CREATE TABLE `" + sales + "`.`Q1` (`id` bigint PRIMARY KEY, `amount` decimal(12,2))",
                "CREATE TABLE `orders` (`id` bigint PRIMARY KEY, `note` varchar(32))",
                // not listed: the list names orders, this one is Orders
                "CREATE TABLE `Orders` (`id` bigint PRIMARY KEY, `note` varchar(32))");
        try {
            String pipeline = E2e.unique("my_names");
            Path dir = E2e.workDir(getClass(), "names");
            Path jsonl = dir.resolve("out.jsonl");
            Path config = dir.resolve("tidemark.yaml");
            // as a user writes them: single-quoted YAML strings holding backticks or double quotes
            Files.writeString(config, """
                    pipelines:
                      - name: %s
                        source:
                          type: mysql
                          url: '%s'
                          user: %s
                          tables:
                            - '%s.`Order Lines`'
                            - '"%s".Q1'
                            - %s.orders
                          heartbeat_interval: 1s
                        sinks: [{type: jsonl, path: out.jsonl}]
                    """.formatted(pipeline, E2e.mysqlSourceUrl(mariadb), mariadb.server().user(), db, sales, db),
                    StandardCharsets.UTF_8);

            DaemonProcess check = DaemonProcess.start(dir, Map.of(), "check", "--config", config.toString());
            assertThat(check.awaitExit(Duration.ofSeconds(60))).as("check exit code; stdout:%n%s%nstderr:%n%s",
                    check.stdout(), check.stderr()).isZero();
            assertThat(check.stdout()).contains("OK   [" + pipeline + "] table " + db + ".\"Order Lines\":")
                    .contains("OK   [" + pipeline + "] table \"" + sales + "\".\"Q1\":")
                    .contains("OK   [" + pipeline + "] table " + db + ".orders:")
                    .contains("1 pipeline(s) checked: 0 failure(s)").doesNotContain("\"Orders\"");

            long connectionsBefore = E2e.lastConnectionId(mariadb);
            try (DaemonProcess run = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
                E2e.awaitTrue("the daemon's binlog client", Duration.ofSeconds(60),
                        () -> E2e.binlogDumpsSince(mariadb, connectionsBefore) > 0 || !run.isAlive(), run::stderr);
                assertThat(run.isAlive()).as("daemon runs; stderr:%n%s", run.stderr()).isTrue();
                assertThat(run.stderr()).as("the effective-config line, pasteable into tables:").contains(
                        "tables ['" + db + ".\"Order Lines\"', '\"" + sales + "\".\"Q1\"', " + db + ".orders]");

                mariadb.execute(
                        "INSERT INTO `Order Lines` VALUES (1, 'one'), (2, 'two')",
                        "INSERT INTO `Orders` VALUES (1, 'unlisted')",
                        "INSERT INTO `" + sales + "`.`Q1` VALUES (10, 99.50)",
                        "UPDATE `Order Lines` SET `note` = 'uno' WHERE `id` = 1",
                        "UPDATE `Orders` SET `note` = 'still unlisted'",
                        "DELETE FROM `" + sales + "`.`Q1` WHERE `id` = 10",
                        "DELETE FROM `Order Lines` WHERE `id` = 2",
                        "DELETE FROM `Orders`",
                        // the last change: once it is written, every change before it has been read
                        "INSERT INTO `orders` VALUES (7, 'lower')");
                E2e.awaitTrue("seven events", Duration.ofSeconds(60), () -> E2e.lineCount(jsonl) >= 7 || !run.isAlive(),
                        run::stderr);

                List<JsonNode> events = E2e.readJsonl(jsonl);
                assertThat(events).extracting(e -> e.path("source").path("db").asText() + "/"
                        + e.path("source").path("table").asText() + " " + e.path("op").asText()).containsExactly(
                        db + "/Order Lines c", db + "/Order Lines c", sales + "/Q1 c", db + "/Order Lines u",
                        sales + "/Q1 d", db + "/Order Lines d", db + "/orders c");
                assertThat(events.get(3).path("before").path("note").asText()).isEqualTo("one");
                assertThat(events.get(3).path("after").path("note").asText()).isEqualTo("uno");
                assertThat(events.get(2).path("after").path("amount").asText()).isEqualTo("99.50");
                assertThat(events.get(4).path("before").path("id").asLong()).isEqualTo(10);
                assertThat(events.get(6).path("after").path("note").asText()).isEqualTo("lower");

                DaemonProcess status = DaemonProcess.start(dir, Map.of(), "status", "--config", config.toString());
                assertThat(status.awaitExit(Duration.ofSeconds(60))).as("status exit code; stdout:%n%s%nstderr:%n%s",
                        status.stdout(), status.stderr()).isZero();
                assertThat(status.stdout()).startsWith(pipeline + " (mysql)\n").doesNotContain("error:");

                run.sigterm();
                assertThat(run.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM; stderr:%n%s",
                        run.stderr()).isZero();
            }
        } finally {
            mariadb.execute("DROP DATABASE IF EXISTS `" + sales + "`");
        }
    }
}
