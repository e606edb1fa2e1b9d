package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping a pipeline in the middle of a stream and starting a new one on the same slot and
 * checkpoint store, which is what a restart of the process does: over both runs, every event
 * arrives exactly once and in order.
 */
@Tag("postgres")
class PipelineRestartTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static final int BOUND = 50;
    private final PgHarness harness = new PgHarness(pg);
    /** Stopped after each test even when it fails, so no writer outlives its test. */
    private Writer writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.done.set(true);
        }
        harness.close();
    }

    @Test
    void aNewPipelineOnTheSameSlotAndStoreContinuesExactlyWhereTheStoppedOneEnded() throws Exception {
        pg.execute("CREATE TABLE \"stream\" (\"id\" int PRIMARY KEY, \"tx\" int)");
        String name = PgHarness.uniqueName("restart");
        CheckpointStore store = CheckpointStore.inMemory();
        Capture first = new Capture();
        CountDownLatch reachedAPart = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        // holds the handler inside a non-last part until the stop has begun, so the first run ends mid-transaction
        Pipeline one = harness.startStreaming(harness.pipeline(name, harness.source("public.stream").build(), store, first)
                .maxBatchEvents(BOUND).handler(batch -> {
                    first.handle(batch);
                    Transaction last = batch.transactions().get(batch.transactions().size() - 1);
                    if (first.eventCount() > 500 && !last.lastPart() && reachedAPart.getCount() > 0) {
                        reachedAPart.countDown();
                        stopping.await(60, TimeUnit.SECONDS);
                    }
                }), "tidemark_" + name);

        writer = new Writer();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(writer);
        assertThat(reachedAPart.await(60, TimeUnit.SECONDS)).as("first run reached a transaction part").isTrue();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(one::stop);
        PgHarness.until(one, () -> one.status().state() == PipelineStatus.State.STOPPING);
        stopping.countDown();
        stopped.get(60, TimeUnit.SECONDS);
        Checkpoint atStop = store.load(name).orElseThrow();
        assertThat(atStop.position().isTransactionEnd()).as("first run ended inside a transaction: %s", atStop).isFalse();
        assertThat(writing).as("the writer still runs").isNotDone();

        Capture second = new Capture();
        Pipeline two = harness.startStreaming(harness.pipeline(name, harness.source("public.stream").build(), store, second)
                .maxBatchEvents(BOUND), "tidemark_" + name);
        PgHarness.until(two, () -> second.eventCount() >= 500);
        writer.done.set(true);
        writing.get(60, TimeUnit.SECONDS);
        int lastId = writer.lastId.get();
        PgHarness.until(two, () -> {
            List<ChangeEvent> got = second.events();
            return !got.isEmpty() && (Integer) got.get(got.size() - 1).after().get("id") == lastId;
        });

        List<ChangeEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        assertThat(all).extracting(e -> (Integer) e.after().get("id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, lastId).boxed().toList());
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).position()).as("position %d after %d", i, i - 1).isGreaterThan(all.get(i - 1).position());
        }
        // the second run began inside the transaction the first one left, at the next event
        ChangeEvent resumed = second.events().get(0);
        PgPosition stoppedAt = (PgPosition) atStop.position();
        assertThat(resumed.position()).isEqualTo(new PgPosition(stoppedAt.commitLsn(), stoppedAt.index() + 1));
        assertThat(second.transactions().get(0).part()).isEqualTo((int) (stoppedAt.index() / BOUND));
        for (ChangeBatch b : second.batches()) {
            assertThat(b.size()).isLessThanOrEqualTo(BOUND);
        }
    }

    /** Commits transactions of 1 to 97 rows with consecutive ids until told to stop. */
    private static final class Writer implements Runnable {
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicInteger lastId = new AtomicInteger();

        @Override
        public void run() {
            try (Connection c = pg.connection(); Statement st = c.createStatement()) {
                for (int tx = 1; !done.get(); tx++) {
                    int from = lastId.get() + 1;
                    int to = from + tx % 97;
                    st.execute("INSERT INTO \"stream\" SELECT g, " + tx + " FROM generate_series(" + from + ", " + to + ") g");
                    lastId.set(to);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("writer failed", e);
            }
        }
    }
}
