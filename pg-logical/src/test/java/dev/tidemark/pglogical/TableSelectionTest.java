package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.TableId;
import dev.tidemark.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which tables a pipeline captures, how their names are quoted, and what happens to its slot and publication. */
@Tag("postgres")
class TableSelectionTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private final PgHarness harness = new PgHarness(pg);

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void mixedCaseSchemaAndTableNamesAreQuotedEverywhere() {
        pg.execute("CREATE SCHEMA \"Sales\"", "CREATE TABLE \"Sales\".\"Order\"\"Items\" (\"Id\" int PRIMARY KEY)",
                "CREATE TABLE \"Sales\".\"order\"\"items\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("quoted");
        Capture capture = new Capture();
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("Sales.Order\"Items").build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"Sales\".\"order\"\"items\" VALUES (2)", "INSERT INTO \"Sales\".\"Order\"\"Items\" VALUES (1)");
        List<ChangeEvent> events = PgHarness.awaitEvents(p, capture, 1);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo(new TableId(pg.database(), "Sales", "Order\"Items"));
            assertThat(e.after().get("Id")).isEqualTo(1);
        });
    }

    @Test
    void aTableAddedToTheListBetweenRunsJoinsThePublicationAndIsCapturedFromTheNextStart() {
        pg.execute("CREATE TABLE \"first_table\" (\"id\" int PRIMARY KEY)",
                "CREATE TABLE \"second_table\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("grow");
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        Pipeline first = harness.startStreaming(harness.pipeline(name, harness.source("public.first_table").build(),
                store, capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"first_table\" VALUES (1)", "INSERT INTO \"second_table\" VALUES (1)");
        PgHarness.awaitEvents(first, capture, 1);
        first.stop();

        Pipeline second = harness.startStreaming(harness.pipeline(name,
                harness.source("public.first_table", "public.second_table").build(), store, capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"second_table\" VALUES (2)", "INSERT INTO \"first_table\" VALUES (2)");
        List<ChangeEvent> events = PgHarness.awaitEvents(second, capture, 3);

        assertThat(events).extracting(e -> e.table().table() + ":" + e.after().get("id"))
                .containsExactly("first_table:1", "second_table:2", "first_table:2");
        assertThat(pg.queryForList("SELECT tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1",
                "tidemark_" + name)).extracting(m -> m.get("tablename")).containsExactly("first_table", "second_table");
    }

    @Test
    void allTablesCapturesATableCreatedWhileThePipelineRuns() {
        pg.execute("CREATE TABLE \"existing\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("all");
        Capture capture = new Capture();
        Pipeline p = harness.startStreaming(harness.pipeline(name, PgLogicalSource.builder().url(harness.url())
                .user(pg.server().user()).password(pg.server().password()).allTables().build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"existing\" VALUES (1)", "CREATE TABLE \"created_later\" (\"id\" int PRIMARY KEY)",
                "INSERT INTO \"created_later\" VALUES (2)");
        List<ChangeEvent> events = PgHarness.awaitEvents(p, capture, 2);

        assertThat(events).extracting(e -> e.table().table() + ":" + e.after().get("id"))
                .containsExactly("existing:1", "created_later:2");
        assertThat(pg.queryScalar("SELECT puballtables FROM pg_publication WHERE pubname = ?", "tidemark_" + name))
                .isEqualTo(true);
    }

    @Test
    void allTablesWithCheckpointsInTheSameDatabaseNeitherCapturesThemNorFeedsOnThem() throws Exception {
        pg.execute("CREATE TABLE \"busy\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("selfref");
        Capture capture = new Capture();
        AtomicInteger checkpoints = new AtomicInteger();
        Pipeline p = harness.startStreaming(harness.pipeline(name, PgLogicalSource.builder().url(harness.url())
                        .user(pg.server().user()).password(pg.server().password()).allTables()
                        .heartbeatInterval(Duration.ofMillis(200)).build(),
                        JdbcCheckpointStore.create(pg.dataSource()), capture)
                .listener(new PipelineListener() {
                    @Override
                    public void onCheckpoint(String pipeline, Position position) {
                        checkpoints.incrementAndGet();
                    }
                }), "tidemark_" + name);
        pg.execute("INSERT INTO \"busy\" SELECT g FROM generate_series(1, 3) g");
        PgHarness.awaitEvents(p, capture, 3);
        int before = checkpoints.get();
        // each checkpoint write is a transaction on a published table; it must not come back as
        // events, nor make the pipeline checkpoint again and again
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> capture.events().size() == 3);
        assertThat(capture.events()).allSatisfy(e -> assertThat(e.table().schema()).isEqualTo("public"));
        assertThat(checkpoints.get() - before).as("checkpoints in 2 s at a 200 ms heartbeat").isLessThanOrEqualTo(15);
        assertThat(capture.batches()).allSatisfy(b -> assertThat(b.size()).isPositive());
    }

    @Test
    void dropSlotOnStopRemovesTheSlotWhenThePipelineStops() {
        pg.execute("CREATE TABLE \"short_lived\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("drop");
        String slot = "tidemark_" + name;
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("public.short_lived")
                .dropSlotOnStop(true).build(), CheckpointStore.inMemory(), new Capture()), slot);
        p.stop();

        assertThat(pg.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot)).isZero();
    }

    @Test
    void stoppingKeepsTheSlotByDefaultSoTheNextStartResumesFromIt() {
        pg.execute("CREATE TABLE \"kept\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("keep");
        String slot = "tidemark_" + name;
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("public.kept").build(),
                CheckpointStore.inMemory(), new Capture()), slot);
        p.stop();

        assertThat(pg.queryForList("SELECT active FROM pg_replication_slots WHERE slot_name = ?", slot))
                .singleElement().satisfies(row -> assertThat(row.get("active")).isEqualTo(false));
    }
}
