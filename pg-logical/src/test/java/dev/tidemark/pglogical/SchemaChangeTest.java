package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.testing.PostgresExtension;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DDL between (and inside) transactions: rows after the change come with the table's new columns. */
@Tag("postgres")
class SchemaChangeTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private final PgHarness harness = new PgHarness(pg);
    private final Capture capture = new Capture();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void rowsAfterAddDropAndRetypeOfColumnsCarryTheNewColumns() {
        pg.execute("CREATE TABLE \"evolving\" (\"id\" int PRIMARY KEY, \"a\" text)");
        String name = PgHarness.uniqueName("ddl");
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("public.evolving").build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);

        pg.execute("INSERT INTO \"evolving\" VALUES (1, 'first')",
                "ALTER TABLE \"evolving\" ADD COLUMN \"b\" int NOT NULL DEFAULT 7",
                "INSERT INTO \"evolving\" VALUES (2, 'second', 8)",
                "UPDATE \"evolving\" SET \"a\" = 'first again' WHERE \"id\" = 1",
                "ALTER TABLE \"evolving\" DROP COLUMN \"a\"",
                "INSERT INTO \"evolving\" VALUES (3, 9)",
                "ALTER TABLE \"evolving\" ALTER COLUMN \"b\" TYPE text USING \"b\"::text",
                "INSERT INTO \"evolving\" VALUES (4, 'nine')",
                // DDL and rows in one transaction
                "BEGIN; ALTER TABLE \"evolving\" ADD COLUMN \"c\" numeric(6,2); INSERT INTO \"evolving\" VALUES (5, 'x', 1.5);"
                        + " ALTER TABLE \"evolving\" RENAME COLUMN \"c\" TO \"amount\"; INSERT INTO \"evolving\" VALUES (6, 'y', 2);"
                        + " COMMIT");
        List<ChangeEvent> events = PgHarness.awaitEvents(p, capture, 7);

        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.CREATE,
                Operation.UPDATE, Operation.CREATE, Operation.CREATE, Operation.CREATE, Operation.CREATE);
        assertThat(events.get(0).after().toMap()).isEqualTo(map("id", 1, "a", "first"));
        assertThat(events.get(1).after().toMap()).isEqualTo(map("id", 2, "a", "second", "b", 8));
        // the row written before ADD COLUMN reads the default
        assertThat(events.get(2).after().toMap()).isEqualTo(map("id", 1, "a", "first again", "b", 7));
        assertThat(events.get(3).after().toMap()).isEqualTo(map("id", 3, "b", 9));
        assertThat(events.get(3).after().schema().columns()).containsExactly(new Column("id", "int4", true, true),
                new Column("b", "int4", false, true));
        assertThat(events.get(4).after().toMap()).isEqualTo(map("id", 4, "b", "nine"));
        assertThat(events.get(4).after().schema().columns().get(1).type()).isEqualTo("text");
        assertThat(events.get(5).after().toMap()).isEqualTo(map("id", 5, "b", "x", "c", new BigDecimal("1.50")));
        assertThat(events.get(6).after().toMap()).isEqualTo(map("id", 6, "b", "y", "amount", new BigDecimal("2.00")));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
