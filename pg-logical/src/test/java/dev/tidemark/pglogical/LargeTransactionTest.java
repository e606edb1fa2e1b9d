package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.PostgresExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions larger than the pipeline's in-memory bound ({@code maxBatchEvents}) arrive in parts
 * numbered from 0, never in a batch above the bound, every row once and in order: streamed by the
 * server while in progress (protocol v2, with {@code logical_decoding_work_mem} at its 64 kB
 * minimum so the server really streams), or sent whole at commit with streaming off.
 */
@Tag("postgres")
class LargeTransactionTest {
    /** Dedicated: the test lowers logical_decoding_work_mem server-wide. */
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.dedicatedServer();
    private static final int BOUND = 500;
    private static final int ROWS = 20_000;

    private final PgHarness harness = new PgHarness(pg);
    private final Capture capture = new Capture();
    @TempDir
    Path spillDir;

    @BeforeAll
    static void makeTheServerStreamEarly() {
        pg.server().execute(pg.server().adminDatabase(), "ALTER SYSTEM SET logical_decoding_work_mem = '64kB'",
                "SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(10)).until(() -> "64kB".equals(pg.server().setting("logical_decoding_work_mem")));
        pg.execute("CREATE TABLE \"big\" (\"id\" int PRIMARY KEY, \"payload\" text)");
    }

    @AfterEach
    void stop() {
        harness.close();
        pg.execute("TRUNCATE \"big\"");
    }

    private Pipeline start(String slot, PgSourceConfig.Streaming streaming) {
        String name = slot.substring("tidemark_".length());
        return harness.startStreaming(harness.pipeline(name, harness.source("public.big").streaming(streaming)
                .spillDirectory(spillDir).build(), CheckpointStore.inMemory(), capture).maxBatchEvents(BOUND), slot);
    }

    /** 20,000 rows in one transaction, around a rolled-back subtransaction of 5,000 rows that must not appear. */
    private static void writeLargeTransactionWithRolledBackSavepoint() {
        pg.execute("BEGIN;"
                + " INSERT INTO \"big\" SELECT g, 'row ' || g FROM generate_series(1, 8000) g;"
                + " SAVEPOINT \"s\";"
                + " INSERT INTO \"big\" SELECT g, 'rolled back ' || g FROM generate_series(100001, 105000) g;"
                + " ROLLBACK TO SAVEPOINT \"s\";"
                + " INSERT INTO \"big\" SELECT g, 'row ' || g FROM generate_series(8001, " + ROWS + ") g;"
                + " COMMIT");
    }

    @Test
    void aStreamedTransactionArrivesInBoundedPartsWithoutItsRolledBackSubtransaction() throws IOException {
        String slot = "tidemark_" + PgHarness.uniqueName("stream");
        Pipeline p = start(slot, PgSourceConfig.Streaming.AUTO);
        writeLargeTransactionWithRolledBackSavepoint();
        PgHarness.until(p, () -> capture.transactions().stream().anyMatch(Transaction::lastPart));

        assertWholeTransactionInParts();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slotStat(slot, "stream_txns"))
                .as("the server streamed the transaction in progress").isPositive());
        try (Stream<Path> files = Files.walk(spillDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".spill"))).as("spill files left").isEmpty();
        }
    }

    @Test
    void aRolledBackStreamedTransactionDeliversNothing() {
        String slot = "tidemark_" + PgHarness.uniqueName("abort");
        Pipeline p = start(slot, PgSourceConfig.Streaming.AUTO);
        pg.execute("BEGIN; INSERT INTO \"big\" SELECT g, 'never ' || g FROM generate_series(1, " + ROWS + ") g; ROLLBACK",
                "INSERT INTO \"big\" VALUES (-1, 'marker')");
        PgHarness.awaitEvents(p, capture, 1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slotStat(slot, "stream_txns"))
                .as("the server streamed the aborted transaction").isPositive());
        assertThat(capture.events()).singleElement().satisfies(e -> assertThat(e.after().get("id")).isEqualTo(-1));
    }

    @Test
    void withStreamingOffTheServerSendsTheTransactionWholeAndThePipelineSplitsIt() {
        String slot = "tidemark_" + PgHarness.uniqueName("whole");
        Pipeline p = start(slot, PgSourceConfig.Streaming.OFF);
        writeLargeTransactionWithRolledBackSavepoint();
        PgHarness.until(p, () -> capture.transactions().stream().anyMatch(Transaction::lastPart));

        assertWholeTransactionInParts();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slotStat(slot, "spill_txns"))
                .as("the server spilled the transaction to disk instead").isPositive());
        assertThat(slotStat(slot, "stream_txns")).isZero();
    }

    @Test
    void aPipelineStoppedInsideAStreamedTransactionResumesAtTheNextPartOnRestart() throws Exception {
        String name = PgHarness.uniqueName("midway");
        String slot = "tidemark_" + name;
        CheckpointStore store = CheckpointStore.inMemory();
        Capture first = new Capture();
        CountDownLatch reachedPart = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        // the handler holds part 10 until the stop has begun: the first run ends inside the transaction
        Pipeline one = harness.startStreaming(harness.pipeline(name, harness.source("public.big").spillDirectory(spillDir)
                .build(), store, first).maxBatchEvents(BOUND).handler(batch -> {
                    first.handle(batch);
                    if (batch.transactions().stream().anyMatch(t -> t.part() == 10)) {
                        reachedPart.countDown();
                        stopping.await(60, TimeUnit.SECONDS);
                    }
                }), slot);
        writeLargeTransactionWithRolledBackSavepoint();
        assertThat(reachedPart.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(one::stop);
        PgHarness.until(one, () -> one.status().state() == PipelineStatus.State.STOPPING);
        stopping.countDown();
        stopped.get(60, TimeUnit.SECONDS);
        PgPosition atStop = (PgPosition) store.load(name).orElseThrow().position();
        assertThat(atStop.index()).as("stopped inside the transaction").isEqualTo(11L * BOUND);

        Pipeline two = harness.startStreaming(harness.pipeline(name, harness.source("public.big").spillDirectory(spillDir)
                .build(), store, capture).maxBatchEvents(BOUND), slot);
        PgHarness.until(two, () -> capture.transactions().stream().anyMatch(Transaction::lastPart));

        assertThat(capture.transactions()).extracting(Transaction::part)
                .containsExactlyElementsOf(IntStream.range(11, ROWS / BOUND).boxed().toList());
        List<Integer> ids = Stream.concat(first.events().stream(), capture.events().stream())
                .map(e -> (Integer) e.after().get("id")).toList();
        assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).boxed().toList());
        for (ChangeBatch b : capture.batches()) {
            assertThat(b.size()).isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void interleavedStreamedTransactionsArriveWholeInCommitOrderAroundASmallOne() throws Exception {
        String slot = "tidemark_" + PgHarness.uniqueName("interleave");
        Pipeline p = start(slot, PgSourceConfig.Streaming.AUTO);
        try (Connection a = pg.connection(); Connection b = pg.connection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            insertRange(a, 1, 5_000);
            insertRange(b, 100_001, 105_000);
            // both are streamed while still open
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(slotStat(slot, "stream_bytes")).isGreaterThan(400_000));
            pg.execute("INSERT INTO \"big\" VALUES (50000, 'small')");
            insertRange(a, 5_001, 6_000);
            insertRange(b, 105_001, 106_000);
            b.commit();
            a.commit();
        }
        PgHarness.until(p, () -> capture.transactions().stream().filter(Transaction::lastPart).count() == 3);

        List<Transaction> txs = capture.transactions();
        List<String> ids = txs.stream().map(Transaction::id).distinct().toList();
        assertThat(ids).hasSize(3);
        List<Integer> rows = capture.events().stream().map(e -> (Integer) e.after().get("id")).toList();
        List<Integer> expected = new java.util.ArrayList<>(List.of(50_000));
        expected.addAll(IntStream.rangeClosed(100_001, 106_000).boxed().toList());
        expected.addAll(IntStream.rangeClosed(1, 6_000).boxed().toList());
        assertThat(rows).containsExactlyElementsOf(expected);
        for (int i = 1; i < txs.size(); i++) {
            assertThat(txs.get(i).endPosition()).isGreaterThan(txs.get(i - 1).endPosition());
        }
    }

    private static void insertRange(Connection c, int from, int to) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO \"big\" SELECT g, 'row ' || g FROM generate_series(" + from + ", " + to + ") g");
        }
    }

    private void assertWholeTransactionInParts() {
        for (ChangeBatch b : capture.batches()) {
            assertThat(b.size()).as("batch size").isLessThanOrEqualTo(BOUND);
        }
        List<Transaction> parts = capture.transactions();
        assertThat(parts).extracting(Transaction::part).containsExactlyElementsOf(
                IntStream.range(0, ROWS / BOUND).boxed().toList());
        assertThat(parts).extracting(Transaction::lastPart).containsOnlyOnce(true).last().isEqualTo(true);
        assertThat(parts).extracting(Transaction::id).containsOnly(parts.get(0).id());
        assertThat(parts).allSatisfy(t -> assertThat(t.size()).isEqualTo(BOUND));
        List<ChangeEvent> events = capture.events();
        assertThat(events).extracting(e -> (Integer) e.after().get("id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).boxed().toList());
        assertThat(events).extracting(ChangeEvent::totalOrder)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).mapToObj(i -> (long) i).toList());
        for (int i = 0; i < parts.size() - 1; i++) {
            Transaction t = parts.get(i);
            assertThat(t.endPosition()).isEqualTo(t.events().get(t.size() - 1).position());
        }
    }

    private static long slotStat(String slot, String column) {
        Object v = pg.queryScalar("SELECT " + column + " FROM pg_stat_replication_slots WHERE slot_name = ?", slot);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
