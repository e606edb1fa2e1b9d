package dev.tidemark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** The embedded example runs as written against a real server, so it cannot rot. */
class EmbeddedPostgresExampleTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void embeddedExamplePrintsEveryOrderChangeAsJson() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Pipeline p = EmbeddedPostgresExample.pipeline(pg.jdbcUrl(), pg.server().user(), pg.server().password(), out);
        p.start();
        try {
            awaitSlot("tidemark_orders_to_stdout");
            pg.execute("INSERT INTO orders (customer_id, amount) VALUES (1, 12.50), (2, 3.00)",
                    "UPDATE orders SET amount = 13.50 WHERE customer_id = 1");
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(bytes).size() >= 3);
        } finally {
            p.stop();
        }
        List<JsonNode> events = lines(bytes);
        assertThat(events).extracting(e -> e.get("op").asText()).containsExactly("c", "c", "u");
        assertThat(events.get(0).get("after").get("amount").asText()).isEqualTo("12.50");
        assertThat(events.get(2).get("source").get("table").asText()).isEqualTo("orders");
    }

    /**
     * Waits until a walsender streams the slot to the pipeline (catchup or streaming: only after
     * START_REPLICATION); {@code pg_replication_slots.active} alone is true already while the slot
     * is being created, by a walsender that lets go of it before the streaming one takes it.
     */
    private static void awaitSlot(String slot) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pg.queryLong("SELECT count(*) FROM pg_replication_slots s"
                + " JOIN pg_stat_replication r ON r.pid = s.active_pid"
                + " WHERE s.slot_name = ? AND r.state IN ('catchup', 'streaming')", slot) == 1);
    }

    private static List<JsonNode> lines(ByteArrayOutputStream bytes) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
