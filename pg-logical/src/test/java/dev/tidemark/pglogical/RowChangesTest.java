package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.testing.PostgresExtension;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inserts, updates, deletes and truncates through a running pipeline, with the old-row images that
 * REPLICA IDENTITY DEFAULT and FULL give, and unchanged TOASTed values. One pipeline captures every
 * table of the class; each test writes to tables of its own.
 */
@Tag("postgres")
class RowChangesTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static final String[] TABLES = {"items", "keyed", "full_rows", "docs_default", "docs_full"};
    private static PgHarness harness;
    private static Pipeline pipeline;
    private static final Capture capture = new Capture();

    @BeforeAll
    static void startPipeline() {
        pg.execute(
                "CREATE TABLE \"items\" (\"id\" int PRIMARY KEY, \"name\" text, \"qty\" int)",
                "CREATE TABLE \"keyed\" (\"id\" int PRIMARY KEY, \"name\" text, \"qty\" int)",
                "CREATE TABLE \"full_rows\" (\"id\" int PRIMARY KEY, \"name\" text, \"qty\" int)",
                "ALTER TABLE \"full_rows\" REPLICA IDENTITY FULL",
                "CREATE TABLE \"docs_default\" (\"id\" int PRIMARY KEY, \"note\" text, \"big\" text)",
                "CREATE TABLE \"docs_full\" (\"id\" int PRIMARY KEY, \"note\" text, \"big\" text)",
                "ALTER TABLE \"docs_full\" REPLICA IDENTITY FULL");
        harness = new PgHarness(pg);
        String name = PgHarness.uniqueName("rows");
        String[] qualified = java.util.Arrays.stream(TABLES).map(t -> "public." + t).toArray(String[]::new);
        pipeline = harness.startStreaming(harness.pipeline(name, harness.source(qualified).build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
    }

    @AfterAll
    static void stopPipeline() {
        if (harness != null) {
            harness.close();
        }
    }

    private static List<ChangeEvent> awaitEventsOf(String table, int n) {
        PgHarness.until(pipeline, () -> capture.eventsOf(table).size() >= n);
        return capture.eventsOf(table);
    }

    @Test
    void insertsUpdatesDeletesAndTruncatesArriveInCommitOrderWithTheirTransactions() {
        Instant before = Instant.now().minusSeconds(5);
        pg.execute("BEGIN; INSERT INTO \"items\" VALUES (1, 'one', 10), (2, 'two', 20); COMMIT",
                "UPDATE \"items\" SET \"qty\" = 11 WHERE \"id\" = 1",
                "DELETE FROM \"items\" WHERE \"id\" = 2",
                "TRUNCATE \"items\"");
        List<ChangeEvent> events = awaitEventsOf("items", 5);

        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.CREATE,
                Operation.UPDATE, Operation.DELETE, Operation.TRUNCATE);
        ChangeEvent first = events.get(0);
        assertThat(first.table()).isEqualTo(new TableId(pg.database(), "public", "items"));
        assertThat(first.after().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 10));
        assertThat(first.after().schema().columns()).containsExactly(new Column("id", "int4", true, true),
                new Column("name", "text", false, true), new Column("qty", "int4", false, true));
        assertThat(events.get(1).after().toMap()).isEqualTo(Map.of("id", 2, "name", "two", "qty", 20));
        assertThat(events.get(2).after().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 11));
        assertThat(events.get(4).before()).isNull();
        assertThat(events.get(4).after()).isNull();

        // the two inserts share a transaction; each later statement is a transaction of its own
        assertThat(first.txId()).isEqualTo(events.get(1).txId());
        assertThat(events.stream().map(ChangeEvent::txId).distinct()).hasSize(4);
        assertThat(first.totalOrder()).isEqualTo(1);
        assertThat(events.get(1).totalOrder()).isEqualTo(2);
        assertThat(events.get(2).totalOrder()).isEqualTo(1);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position()).isGreaterThan(events.get(i - 1).position());
        }
        for (ChangeEvent e : events) {
            PgPosition pos = (PgPosition) e.position();
            SourceInfo.Pg src = (SourceInfo.Pg) e.source();
            assertThat(e.txId()).isEqualTo(src.xid() + ":" + pos.commitLsn().value());
            assertThat(pos.index()).isEqualTo(e.totalOrder());
            assertThat(src.lsn().compareTo(pos.commitLsn())).isLessThanOrEqualTo(0);
            assertThat(e.commitTime()).isBetween(before, Instant.now().plusSeconds(5));
        }
    }

    @Test
    void defaultIdentityUpdateHasNoBeforeUnlessTheKeyChangesAndDeleteCarriesTheKeyOnly() {
        pg.execute("INSERT INTO \"keyed\" VALUES (1, 'one', 10)",
                "UPDATE \"keyed\" SET \"qty\" = 11 WHERE \"id\" = 1",
                "UPDATE \"keyed\" SET \"id\" = 5 WHERE \"id\" = 1",
                "DELETE FROM \"keyed\" WHERE \"id\" = 5");
        List<ChangeEvent> events = awaitEventsOf("keyed", 4);

        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.UPDATE,
                Operation.UPDATE, Operation.DELETE);
        ChangeEvent plainUpdate = events.get(1);
        assertThat(plainUpdate.before()).isNull();
        assertThat(plainUpdate.after().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 11));
        ChangeEvent keyUpdate = events.get(2);
        assertThat(keyUpdate.before().toMap()).isEqualTo(Map.of("id", 1));
        assertThat(keyUpdate.after().toMap()).isEqualTo(Map.of("id", 5, "name", "one", "qty", 11));
        ChangeEvent delete = events.get(3);
        assertThat(delete.before().toMap()).isEqualTo(Map.of("id", 5));
        assertThat(delete.before().schema().columns()).allMatch(Column::key);
        assertThat(delete.after()).isNull();
    }

    @Test
    void fullIdentityUpdatesAndDeletesCarryTheWholeOldRow() {
        pg.execute("INSERT INTO \"full_rows\" VALUES (1, 'one', 10)",
                "UPDATE \"full_rows\" SET \"qty\" = 11 WHERE \"id\" = 1",
                "UPDATE \"full_rows\" SET \"name\" = NULL WHERE \"id\" = 1",
                "DELETE FROM \"full_rows\" WHERE \"id\" = 1");
        List<ChangeEvent> events = awaitEventsOf("full_rows", 4);

        assertThat(events.get(1).before().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 10));
        assertThat(events.get(1).after().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 11));
        assertThat(events.get(2).before().toMap()).isEqualTo(Map.of("id", 1, "name", "one", "qty", 11));
        assertThat(events.get(2).after().get("name")).isNull();
        ChangeEvent delete = events.get(3);
        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.before().get("id")).isEqualTo(1);
        assertThat(delete.before().get("name")).isNull();
        assertThat(delete.before().get("qty")).isEqualTo(11);
        assertThat(delete.before().schema().columns()).hasSize(3);
    }

    @Test
    void unchangedToastedValueIsFilledFromTheOldRowWithFullIdentity() {
        String big = incompressible(8_000);
        insertToasted("docs_full", big);
        pg.execute("UPDATE \"docs_full\" SET \"note\" = 'changed' WHERE \"id\" = 1",
                "DELETE FROM \"docs_full\" WHERE \"id\" = 1");
        List<ChangeEvent> events = awaitEventsOf("docs_full", 3);

        assertThat(events.get(0).after().get("big")).isEqualTo(big);
        ChangeEvent update = events.get(1);
        assertThat(update.before().get("big")).isEqualTo(big);
        assertThat(update.after().get("note")).isEqualTo("changed");
        assertThat(update.after().get("big")).isEqualTo(big);
        assertThat(events.get(2).before().get("big")).isEqualTo(big);
    }

    @Test
    void unchangedToastedValueIsUnavailableWithDefaultIdentity() {
        String big = incompressible(8_000);
        insertToasted("docs_default", big);
        pg.execute("UPDATE \"docs_default\" SET \"note\" = 'changed' WHERE \"id\" = 1",
                "UPDATE \"docs_default\" SET \"big\" = 'small now' WHERE \"id\" = 1");
        List<ChangeEvent> events = awaitEventsOf("docs_default", 3);

        assertThat(events.get(0).after().get("big")).isEqualTo(big);
        ChangeEvent update = events.get(1);
        assertThat(update.before()).isNull();
        assertThat(update.after().get("note")).isEqualTo("changed");
        assertThat(update.after().get("big")).isSameAs(Row.UNAVAILABLE);
        assertThat(update.after().isAvailable(update.after().schema().indexOf("big"))).isFalse();
        assertThat(update.after().isAvailable(update.after().schema().indexOf("note"))).isTrue();
        // a changed value is sent again
        assertThat(events.get(2).after().get("big")).isEqualTo("small now");
    }

    /** Inserts row 1 with {@code big} and checks the server really moved it out of line. */
    private static void insertToasted(String table, String big) {
        pg.execute("INSERT INTO \"" + table + "\" VALUES (1, 'note', '" + big + "')");
        long toastBytes = pg.queryLong("SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = ?::regclass",
                "public." + table);
        assertThat(toastBytes).as("TOAST relation size of %s", table).isPositive();
        assertThat(pg.queryLong("SELECT pg_column_size(\"big\") FROM \"" + table + "\" WHERE \"id\" = 1"))
                .as("stored size: not compressed").isGreaterThan(big.length() * 9L / 10);
    }

    /** Random letters and digits: nothing for pglz to compress, so the value is stored out of line. */
    static String incompressible(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

}
