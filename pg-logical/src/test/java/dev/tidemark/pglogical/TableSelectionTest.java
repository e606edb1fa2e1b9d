package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.TableId;
import dev.tidemark.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        pg.execute("CREATE SCHEMA IF NOT EXISTS \"Sales\"", "CREATE TABLE \"Sales\".\"Order\"\"Items\" (\"Id\" int PRIMARY KEY)",
                "CREATE TABLE \"Sales\".\"order\"\"items\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("quoted");
        Capture capture = new Capture();
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("\"Sales\".\"Order\"\"Items\"").build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"Sales\".\"order\"\"items\" VALUES (2)", "INSERT INTO \"Sales\".\"Order\"\"Items\" VALUES (1)");
        List<ChangeEvent> events = PgHarness.awaitEvents(p, capture, 1);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo(new TableId(pg.database(), "Sales", "Order\"Items"));
            assertThat(e.after().get("Id")).isEqualTo(1);
        });
    }

    /** The tables of {@link #namesWrittenInSqlSyntaxAreCapturedUnderTheirExactName}, created once. */
    private static void createOddlyNamedTables() {
        pg.execute("CREATE SCHEMA IF NOT EXISTS \"Sales\"",
                "CREATE TABLE \"public\".\"Order Lines\" (\"id\" int PRIMARY KEY, \"v\" text)",
                "CREATE TABLE \"Sales\".\"Q1\" (\"id\" int PRIMARY KEY, \"v\" text)",
                "CREATE TABLE \"public\".\"v1.2\" (\"id\" int PRIMARY KEY, \"v\" text)",
                "CREATE TABLE \"public\".\"say \"\"hi\"\"\" (\"id\" int PRIMARY KEY, \"v\" text)",
                "CREATE TABLE \"public\".\"MixedCase\" (\"id\" int PRIMARY KEY, \"v\" text)",
                "CREATE TABLE \"public\".\"orders\" (\"id\" int PRIMARY KEY, \"v\" text)",
                // not listed: an unquoted Public.Orders folds to public.orders and must not pick this one up
                "CREATE TABLE \"public\".\"Orders\" (\"id\" int PRIMARY KEY, \"v\" text)");
    }

    private static final List<String> ODD_NAMES = List.of("public.\"Order Lines\"", "\"Sales\".\"Q1\"",
            " public . \"v1.2\" ", "public.\"say \"\"hi\"\"\"", "public.\"MixedCase\"", "Public.Orders");
    private static final List<String[]> ODD_TABLES = List.of(new String[] {"public", "Order Lines"},
            new String[] {"Sales", "Q1"}, new String[] {"public", "v1.2"}, new String[] {"public", "say \"hi\""},
            new String[] {"public", "MixedCase"}, new String[] {"public", "orders"});

    @Test
    void namesWrittenInSqlSyntaxAreCapturedUnderTheirExactName() {
        createOddlyNamedTables();
        String name = PgHarness.uniqueName("odd");
        Capture capture = new Capture();
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source(ODD_NAMES.toArray(String[]::new))
                .build(), CheckpointStore.inMemory(), capture), "tidemark_" + name);
        pg.execute("INSERT INTO \"public\".\"Orders\" VALUES (99, 'not captured')");
        for (String[] t : ODD_TABLES) {
            String q = "\"" + t[0].replace("\"", "\"\"") + "\".\"" + t[1].replace("\"", "\"\"") + "\"";
            pg.execute("INSERT INTO " + q + " VALUES (1, 'a')", "UPDATE " + q + " SET \"v\" = 'b'",
                    "DELETE FROM " + q);
        }
        List<ChangeEvent> events = PgHarness.awaitEvents(p, capture, 3 * ODD_TABLES.size());

        List<String> expected = new java.util.ArrayList<>();
        for (String[] t : ODD_TABLES) {
            for (String op : List.of("CREATE", "UPDATE", "DELETE")) {
                expected.add(new TableId(pg.database(), t[0], t[1]) + " " + op);
            }
        }
        assertThat(events).extracting(e -> e.table() + " " + e.op())
                .containsExactlyElementsOf(expected);
        assertThat(events).allSatisfy(e -> assertThat(e.table().database()).isEqualTo(pg.database()));
        assertThat(events.get(1).after().get("v")).isEqualTo("b");
        assertThat(pg.queryForList("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?"
                + " ORDER BY 1, 2", "tidemark_" + name)).extracting(m -> m.get("schemaname") + "." + m.get("tablename"))
                .containsExactlyInAnyOrder("public.Order Lines", "Sales.Q1", "public.v1.2", "public.say \"hi\"",
                        "public.MixedCase", "public.orders");

        p.stop();
        List<CheckResult> checks = harness.source(ODD_NAMES.toArray(String[]::new)).build().check(name, Optional.empty());
        assertThat(checks).filteredOn(c -> c.name().startsWith("table ")).extracting(CheckResult::name)
                .containsExactly("table public.\"Order Lines\"", "table \"Sales\".\"Q1\"", "table public.\"v1.2\"",
                        "table public.\"say \"\"hi\"\"\"", "table public.\"MixedCase\"", "table public.orders");
        assertThat(checks).filteredOn(c -> c.name().startsWith("table ") || c.name().equals("publication"))
                .allSatisfy(c -> assertThat(c.severity()).as(c.toString()).isNotEqualTo(CheckResult.Severity.FAIL));
        assertThat(checks).filteredOn(c -> c.name().equals("publication")).singleElement()
                .satisfies(c -> assertThat(c.severity()).isEqualTo(CheckResult.Severity.OK));
    }

    @Test
    void aMixedCaseTableWrittenWithoutQuotesIsReportedMissingWithTheFoldingRule() {
        pg.execute("CREATE TABLE \"public\".\"Invoices\" (\"id\" int PRIMARY KEY)");
        List<CheckResult> checks = harness.source("public.Invoices").build().check(PgHarness.uniqueName("fold"), Optional.empty());

        assertThat(checks).filteredOn(c -> c.name().equals("table public.invoices")).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(CheckResult.Severity.FAIL);
            assertThat(c.message()).contains("does not exist").contains("unquoted names fold to lower case");
        });
    }

    @Test
    void theBuilderRejectsEveryMalformedTableNamingEachEntry() {
        assertThatThrownBy(() -> PgLogicalSource.builder().tables("public.ok", "public.Order Lines", "orders",
                "shop.`Orders`", "public.\"open"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactly(
                        m -> assertThat(m).startsWith("table 'public.Order Lines'").endsWith("public.\"Order Lines\""),
                        m -> assertThat(m).startsWith("table 'orders' has no schema"),
                        m -> assertThat(m).startsWith("table 'shop.`Orders`'").contains("backticks"),
                        m -> assertThat(m).startsWith("table 'public.\"open' has no closing \"")));
        assertThatThrownBy(() -> PgLogicalSource.builder().tables("public.orders", "Public.Orders"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("table 'Public.Orders' is public.orders, which is listed already; list each table once");
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
        // the server notices the closed connection a moment after the stop; the slot stays
        harness.awaitSlotReleased(slot);

        assertThat(pg.queryForList("SELECT active FROM pg_replication_slots WHERE slot_name = ?", slot))
                .singleElement().satisfies(row -> assertThat(row.get("active")).isEqualTo(false));
    }
}
