package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@code stdout} sink: the daemon's stdout carries the events as JSON lines and nothing else. */
class StdoutSinkTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void runWithAStdoutSinkPrintsOneJsonLinePerChangeOnStdout() throws Exception {
        pg.execute("CREATE TABLE \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)");
        Path dir = E2e.workDir(getClass(), "stdout");
        Path config = E2e.writeConfig(dir, E2e.pipeline("console", pg, pg.server().user(), List.of("public.orders"),
                "[{type: stdout}]"));

        try (DaemonProcess d = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            E2e.awaitTrue("the replication slot", Duration.ofSeconds(60), () -> E2e.slotStreaming(pg, "tidemark_console"),
                    d::stderr);
            pg.execute("INSERT INTO \"orders\" VALUES (1, 'one'), (2, 'two')",
                    "UPDATE \"orders\" SET \"note\" = 'uno' WHERE \"id\" = 1",
                    "DELETE FROM \"orders\" WHERE \"id\" = 2");
            E2e.awaitTrue("four lines on stdout", Duration.ofSeconds(30),
                    () -> d.stdout().lines().count() >= 4 || !d.isAlive(), d::stderr);
            d.sigterm();
            assertThat(d.awaitExit(Duration.ofSeconds(30))).as("exit code; stderr:%n%s", d.stderr()).isZero();

            List<JsonNode> events = new ArrayList<>();
            for (String line : d.stdout().lines().toList()) {
                events.add(new ObjectMapper().readTree(line)); // a log line here would not parse
            }
            assertThat(events).extracting(e -> e.path("op").asText()).containsExactly("c", "c", "u", "d");
            assertThat(events).extracting(e -> e.path("source").path("table").asText()).containsOnly("orders");
            assertThat(events.get(0).path("after").path("id").asLong()).isEqualTo(1);
            assertThat(events.get(1).path("after").path("note").asText()).isEqualTo("two");
            assertThat(events.get(2).path("after").path("note").asText()).isEqualTo("uno");
            assertThat(events.get(3).path("before").path("id").asLong()).isEqualTo(2);
            assertThat(events.get(0).path("source").path("name").asText()).isEqualTo("console");
            assertThat(d.stdout()).endsWith("\n");
            assertThat(d.stderr()).contains("pipeline console running");
        }
    }
}
