package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tables whose names need quotes, listed in SQL syntax in a YAML config, through the real daemon
 * on a real PostgreSQL: {@code check} finds them, {@code run} captures their changes under their
 * real names, an unlisted table that differs from a listed one only by case stays out, and the
 * effective-config log line prints the list so that it pastes back into the file.
 */
class SqlTableNamesTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    /** As a user writes it: single-quoted YAML strings holding SQL's double quotes; Public.Orders folds. */
    private static final String TABLES = """
                  tables:
                    - 'public."Order Lines"'
                    - '"Sales"."Q1"'
                    - Public.Orders
            """;

    @Test
    void tablesNamedInSqlSyntaxAreCheckedAndCapturedUnderTheirRealNames() throws Exception {
        pg.execute(
                "CREATE TABLE \"public\".\"Order Lines\" (\"id\" bigint PRIMARY KEY, \"note\" text)",
                "ALTER TABLE \"public\".\"Order Lines\" REPLICA IDENTITY FULL",
                "CREATE SCHEMA \"Sales\"",
                "CREATE TABLE \"Sales\".\"Q1\" (\"id\" bigint PRIMARY KEY, \"amount\" numeric(12,2))",
                "ALTER TABLE \"Sales\".\"Q1\" REPLICA IDENTITY FULL",
                "CREATE TABLE \"public\".\"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)",
                "ALTER TABLE \"public\".\"orders\" REPLICA IDENTITY FULL",
                // not listed: Public.Orders is public.orders, this one is public."Orders"
                "CREATE TABLE \"public\".\"Orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)");
        String pipeline = E2e.unique("names");
        Path dir = E2e.workDir(getClass(), "names");
        Path jsonl = dir.resolve("out.jsonl");
        Path config = dir.resolve("tidemark.yaml");
        Files.writeString(config, """
                pipelines:
                  - name: %s
                    source:
                      type: postgres
                      url: '%s'
                      user: %s
                %s      heartbeat_interval: 1s
                    sinks: [{type: jsonl, path: out.jsonl}]
                """.formatted(pipeline, E2e.sourceUrl(pg), pg.server().user(), TABLES), StandardCharsets.UTF_8);

        DaemonProcess check = DaemonProcess.start(dir, Map.of(), "check", "--config", config.toString());
        assertThat(check.awaitExit(Duration.ofSeconds(60))).as("check exit code; stdout:%n%s%nstderr:%n%s",
                check.stdout(), check.stderr()).isZero();
        assertThat(check.stdout()).contains("OK   [" + pipeline + "] table public.\"Order Lines\":")
                .contains("OK   [" + pipeline + "] table \"Sales\".\"Q1\":")
                .contains("OK   [" + pipeline + "] table public.orders:")
                .contains("1 pipeline(s) checked: 0 failure(s), 0 warning(s)").doesNotContain("\"Orders\"");

        try (DaemonProcess run = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            E2e.awaitTrue("the pipeline's slot", Duration.ofSeconds(60), () -> !run.isAlive() || Boolean.TRUE.equals(
                    pg.queryScalar("SELECT active FROM pg_replication_slots WHERE slot_name = ?", "tidemark_" + pipeline)),
                    run::stderr);
            assertThat(run.isAlive()).as("daemon runs; stderr:%n%s", run.stderr()).isTrue();
            assertThat(run.stderr()).as("the effective-config line, pasteable into tables:")
                    .contains("tables ['public.\"Order Lines\"', '\"Sales\".\"Q1\"', public.orders]");

            pg.execute(
                    "INSERT INTO \"public\".\"Order Lines\" VALUES (1, 'one'), (2, 'two')",
                    "INSERT INTO \"public\".\"Orders\" VALUES (1, 'unlisted')",
                    "INSERT INTO \"Sales\".\"Q1\" VALUES (10, 99.50)",
                    "UPDATE \"public\".\"Order Lines\" SET \"note\" = 'uno' WHERE \"id\" = 1",
                    "UPDATE \"public\".\"Orders\" SET \"note\" = 'still unlisted'",
                    "DELETE FROM \"Sales\".\"Q1\" WHERE \"id\" = 10",
                    "DELETE FROM \"public\".\"Order Lines\" WHERE \"id\" = 2",
                    "DELETE FROM \"public\".\"Orders\"",
                    // the last change: once it is written, every change before it has been read
                    "INSERT INTO \"public\".\"orders\" VALUES (7, 'folded')");
            E2e.awaitTrue("seven events", Duration.ofSeconds(60), () -> E2e.lineCount(jsonl) >= 7 || !run.isAlive(),
                    run::stderr);

            List<JsonNode> events = E2e.readJsonl(jsonl);
            assertThat(events).extracting(e -> e.path("source").path("schema").asText() + "."
                    + e.path("source").path("table").asText() + " " + e.path("op").asText()).containsExactly(
                    "public.Order Lines c", "public.Order Lines c", "Sales.Q1 c", "public.Order Lines u",
                    "Sales.Q1 d", "public.Order Lines d", "public.orders c");
            assertThat(events.get(3).path("before").path("note").asText()).isEqualTo("one");
            assertThat(events.get(3).path("after").path("note").asText()).isEqualTo("uno");
            assertThat(events.get(2).path("after").path("amount").asText()).isEqualTo("99.50");
            assertThat(events.get(4).path("before").path("id").asLong()).isEqualTo(10);
            assertThat(events.get(6).path("after").path("note").asText()).isEqualTo("folded");

            DaemonProcess status = DaemonProcess.start(dir, Map.of(), "status", "--config", config.toString());
            assertThat(status.awaitExit(Duration.ofSeconds(60))).as("status exit code; stdout:%n%s%nstderr:%n%s",
                    status.stdout(), status.stderr()).isZero();
            assertThat(status.stdout()).startsWith(pipeline + " (postgres)\n").doesNotContain("error:");

            run.sigterm();
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM; stderr:%n%s", run.stderr())
                    .isZero();
        }
    }
}
