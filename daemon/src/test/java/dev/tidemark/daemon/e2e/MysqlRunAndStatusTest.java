package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.testing.MariaDbExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tidemark run} and {@code tidemark status} with a {@code mysql} source on a real MariaDB:
 * row changes to a jsonl file in the MySQL envelope, checkpoints in the source server's
 * {@code tidemark} database, and the binlog lag behind the checkpoint.
 */
class MysqlRunAndStatusTest {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    @BeforeAll
    static void schema() {
        mariadb.execute(
                "CREATE TABLE `orders` (`id` bigint PRIMARY KEY, `amount` decimal(12,2), `note` varchar(32),"
                        + " `created_at` timestamp(6) NULL)",
                "CREATE TABLE `ignored` (`id` bigint PRIMARY KEY)");
    }

    @Test
    void statusBeforeTheFirstRunShowsNoCheckpointAndTheServerWithoutError() {
        Path dir = E2e.workDir(getClass(), "fresh");
        Path config = E2e.writeConfig(dir, E2e.mysqlPipeline("my_never", mariadb, mariadb.server().user(),
                List.of("orders"), "[{type: stdout}]", "checkpoint: {schema: " + E2e.unique("fresh") + "}"));

        InProcessCli.Result text = new InProcessCli(dir).execute("status", "--config", config.toString());

        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.out()).startsWith("my_never (mysql)\n").containsPattern("checkpoint: +none stored yet")
                .containsPattern("lag: +-\\n").containsPattern("connector: +mariadb")
                .containsPattern("server: +MariaDB 10\\.").containsPattern("binlog: +mariadb-bin\\.\\d+:\\d+")
                .doesNotContain("error:");
    }

    @Test
    void runWritesTheChangesToJsonlAndStatusShowsTheCheckpointAndTheLag() throws Exception {
        String pipeline = E2e.unique("my_run");
        Path dir = E2e.workDir(getClass(), "run");
        Path jsonl = dir.resolve("out.jsonl");
        // checkpoint left at its default: the tidemark database on the source server
        Path config = E2e.writeConfig(dir, E2e.mysqlPipeline(pipeline, mariadb, mariadb.server().user(),
                List.of("orders"), "[{type: jsonl, path: out.jsonl}]"));
        InProcessCli cli = new InProcessCli(dir);

        long connectionsBefore = E2e.lastConnectionId(mariadb);
        InProcessCli.Running run = cli.start("run", "--config", config.toString());
        E2e.awaitTrue("pipeline " + pipeline + "'s binlog client", Duration.ofSeconds(30),
                () -> E2e.binlogDumpsSince(mariadb, connectionsBefore) > 0, () -> "run ended: " + run.isDone());
        mariadb.execute(
                "INSERT INTO `orders` VALUES (1, -12.50, 'new', '2026-11-24 12:45:00.5'), (2, 0.01, 'ü 😀', NULL)",
                "INSERT INTO `ignored` VALUES (1)",
                "UPDATE `orders` SET `note` = 'paid' WHERE `id` = 1",
                "DELETE FROM `orders` WHERE `id` = 2");
        E2e.awaitTrue("four events", Duration.ofSeconds(30), () -> E2e.lineCount(jsonl) == 4,
                () -> "run ended: " + run.isDone());

        List<JsonNode> events = E2e.readJsonl(jsonl);
        assertThat(events).extracting(e -> e.path("op").asText()).containsExactly("c", "c", "u", "d");
        JsonNode first = events.get(0);
        assertThat(first.path("after").path("amount").asText()).isEqualTo("-12.50");
        assertThat(first.path("after").path("created_at").asText()).isEqualTo("2026-11-24T12:45:00.5Z");
        assertThat(events.get(1).path("after").path("note").asText()).isEqualTo("ü 😀");
        assertThat(events.get(1).path("after").path("created_at").isNull()).isTrue();
        assertThat(events.get(2).path("before").path("note").asText()).isEqualTo("new");
        assertThat(events.get(2).path("after").path("note").asText()).isEqualTo("paid");
        assertThat(events.get(3).path("before").path("id").asLong()).isEqualTo(2);
        JsonNode source = first.path("source");
        assertThat(source.path("connector").asText()).isEqualTo("mariadb");
        assertThat(source.path("name").asText()).isEqualTo(pipeline);
        assertThat(source.path("db").asText()).isEqualTo(mariadb.database());
        assertThat(source.path("table").asText()).isEqualTo("orders");
        assertThat(source.path("server_id").asLong()).isEqualTo(mariadb.server().serverId());
        assertThat(source.path("gtid").asText()).matches("\\d+-\\d+-\\d+");
        assertThat(source.path("file").asText()).matches("mariadb-bin\\.\\d+");
        assertThat(source.path("pos").asLong()).isPositive();
        assertThat(events).extracting(e -> e.path("source").path("row").asLong()).containsExactly(0L, 1L, 0L, 0L);

        InProcessCli.Result whileRunning = cli.execute("status", "--config", config.toString());
        assertThat(whileRunning.exitCode()).as("%s", whileRunning).isZero();
        assertThat(run.stop().exitCode()).isZero();

        // changes the stopped pipeline has not read: the binlog after its checkpoint grows
        for (int i = 0; i < 20; i++) {
            mariadb.execute("INSERT INTO `orders` VALUES (" + (100 + i) + ", 1.00, '" + "x".repeat(32) + "', NULL)");
        }

        InProcessCli.Result text = cli.execute("status", "--config", config.toString());
        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.out()).startsWith(pipeline + " (mysql)\n")
                .containsPattern("checkpoint: +\\d+-\\d+-\\d+\\|mariadb-bin\\.\\d+\\|\\d+ \\(mysql\\)")
                .containsPattern("last commit time: +\\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("updated at: +\\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("lag: +[1-9]\\d* bytes")
                .containsPattern("connector: +mariadb")
                .containsPattern("server_id: +\\d+")
                .doesNotContain("error:");

        InProcessCli.Result json = cli.execute("status", "--json", "--config", config.toString());
        assertThat(json.exitCode()).as("%s", json).isZero();
        JsonNode s = E2e.JSON.readTree(json.out()).path("pipelines").path(0);
        assertThat(s.path("source_type").asText()).isEqualTo("mysql");
        assertThat(s.path("connector").asText()).isEqualTo("mariadb");
        assertThat(s.path("errors").size()).isZero();
        assertThat(s.path("checkpoint").path("kind").asText()).isEqualTo("mysql");
        BinlogPosition checkpoint = BinlogPosition.parse(s.path("checkpoint").path("position").asText());
        assertThat(checkpoint.isTransactionEnd()).isTrue();
        // MariaDB positions are per domain, the test server writes domain 0 only: the checkpoint covers the last event
        long lastSeq = Long.parseLong(events.get(3).path("source").path("gtid").asText().replaceAll(".*-", ""));
        assertThat(checkpoint.gtidSet()).matches("0-\\d+-\\d+");
        assertThat(checkpoint.gtidCount()).isGreaterThanOrEqualTo(lastSeq);
        // the 20 inserts after the stop are at least 20 rows events of 40+ bytes each
        assertThat(s.path("lag_bytes").asLong()).isGreaterThan(20 * 40);
        assertThat(s.path("details").path("checkpoint").asText()).isEqualTo(checkpoint.format());
        // the checkpoint row is in the default place: the tidemark database of the source server
        assertThat(mariadb.queryLong("SELECT count(*) FROM `tidemark`.`checkpoints` WHERE `pipeline` = ?", pipeline))
                .isOne();
    }
}
