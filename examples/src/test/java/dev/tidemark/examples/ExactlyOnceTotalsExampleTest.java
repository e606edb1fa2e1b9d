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

/** The exactly-once example runs as written against a real server, so it cannot rot. */
class ExactlyOnceTotalsExampleTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void exactlyOnceExampleKeepsTotalsEqualToARecomputation() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, customer_id int NOT NULL, amount numeric(12,2) NOT NULL)",
                "ALTER TABLE orders REPLICA IDENTITY FULL",
                "CREATE TABLE customer_totals (customer_id int PRIMARY KEY, orders int NOT NULL, amount numeric(14,2) NOT NULL)");
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(pg.jdbcUrl());
        Pipeline first = ExactlyOnceTotalsExample.pipeline(pg.jdbcUrl(), target, pg.server().user(), pg.server().password());
        first.start();
        awaitSlot("tidemark_customer_totals");
        pg.execute("INSERT INTO orders (customer_id, amount) SELECT g % 7, (g % 100) + 0.25 FROM generate_series(1, 500) g",
                "UPDATE orders SET amount = amount * 2, customer_id = customer_id + 1 WHERE id % 3 = 0");
        awaitTotalsMatch();
        first.stop();
        // a restart must neither lose nor double-count anything
        pg.execute("DELETE FROM orders WHERE id % 5 = 0", "INSERT INTO orders (customer_id, amount) VALUES (3, 99.99)");
        Pipeline second = ExactlyOnceTotalsExample.pipeline(pg.jdbcUrl(), target, pg.server().user(), pg.server().password());
        second.start();
        try {
            awaitTotalsMatch();
        } finally {
            second.stop();
        }
    }

    private static void awaitTotalsMatch() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(totals(
                "SELECT customer_id, orders, amount FROM customer_totals WHERE orders <> 0 ORDER BY customer_id"))
                .isEqualTo(totals("SELECT customer_id, count(*)::int AS orders, sum(amount) AS amount FROM orders"
                        + " GROUP BY customer_id ORDER BY customer_id")));
    }

    private static List<String> totals(String sql) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : pg.queryForList(sql)) {
            out.add(r.get("customer_id") + ":" + r.get("orders") + ":" + ((BigDecimal) r.get("amount")).stripTrailingZeros().toPlainString());
        }
        return out;
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
}
