package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.MariaDbExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stopped pipeline resumes from its checkpoint: nothing lost, nothing twice, also inside a split transaction. */
@Tag("mariadb")
class ResumeTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();

    @BeforeAll
    static void tables() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE items (id int PRIMARY KEY)");
    }

    private static List<Integer> ids(List<ChangeEvent> events) {
        return events.stream().map(e -> (Integer) (e.after() != null ? e.after() : e.before()).get("id")).toList();
    }

    @Test
    void resumesAfterTheCheckpointWithJdbcCheckpointsWithoutLossOrDuplicates() throws Exception {
        CheckpointStore store = JdbcCheckpointStore.create(db.dataSource());
        Capture first = new Capture();
        Pipeline p1 = Pipelines.start("resume_jdbc", Pipelines.source(db.server(), db.database(), "items").build(), store, first, 100);
        Pipelines.awaitStreaming(db.server(), db.database(), first);
        for (int i = 1; i <= 20; i++) {
            db.execute("INSERT INTO items VALUES (" + i + ")");
        }
        first.awaitEvents(20);
        p1.stop();
        Checkpoint cp = store.load("resume_jdbc").orElseThrow();
        assertThat(cp.position()).isInstanceOf(BinlogPosition.class);
        assertThat(((BinlogPosition) cp.position()).gtidSet()).matches("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*");

        for (int i = 21; i <= 40; i++) {
            db.execute("INSERT INTO items VALUES (" + i + ")");
        }
        Capture second = new Capture();
        Pipeline p2 = Pipelines.start("resume_jdbc", Pipelines.source(db.server(), db.database(), "items").build(), store, second, 100);
        try {
            db.execute("INSERT INTO items VALUES (41)");
            // everything committed before the marker has arrived once it has: no late duplicate can follow
            Pipelines.sync(db.server(), db.database(), second);
            assertThat(ids(second.events())).containsExactlyElementsOf(IntStream.rangeClosed(21, 41).boxed().toList());
            assertThat(ids(first.events())).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        } finally {
            p2.stop();
        }
    }

    @Test
    void resumesInsideATransactionThatWasDeliveredInParts() throws Exception {
        CheckpointStore store = CheckpointStore.inMemory();
        AtomicInteger parts = new AtomicInteger();
        List<Pipeline> holder = new ArrayList<>();
        Capture first = new Capture() {
            @Override
            public synchronized void handle(ChangeBatch batch) {
                super.handle(batch);
                // stop in the middle of the big transaction: after its third part is checkpointed
                for (Transaction t : batch.transactions()) {
                    if (!t.isWhole() && parts.incrementAndGet() == 3) {
                        holder.get(0).stop();
                    }
                }
            }
        };
        Pipeline p1 = Pipelines.start("resume_parts", Pipelines.source(db.server(), db.database(), "items").build(), store, first, 10);
        holder.add(p1);
        Pipelines.awaitStreaming(db.server(), db.database(), first);
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 101; i <= 150; i++) {
                st.execute("INSERT INTO items VALUES (" + i + ")");
            }
            c.commit();
        }
        assertThat(p1.awaitTermination(Duration.ofSeconds(30))).isTrue();
        BinlogPosition cp = (BinlogPosition) store.load("resume_parts").orElseThrow().position();
        assertThat(cp.isTransactionEnd()).as("checkpoint inside the transaction").isFalse();
        assertThat(cp.index()).isEqualTo(30);
        assertThat(ids(first.events())).startsWith(101, 102, 103);

        Capture second = new Capture();
        Pipeline p2 = Pipelines.start("resume_parts", Pipelines.source(db.server(), db.database(), "items").build(), store, second, 10);
        try {
            db.execute("INSERT INTO items VALUES (151)");
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(second.events()).contains(151));
            List<Integer> all = new ArrayList<>(ids(first.events()).subList(0, 30));
            all.addAll(ids(second.events()));
            assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(101, 151).boxed().toList());
            Transaction resumed = second.transactions().get(0);
            assertThat(resumed.part()).as("the rest of a transaction is never part 0").isGreaterThan(0);
            assertThat(resumed.events().get(0).totalOrder()).isEqualTo(31);
        } finally {
            p2.stop();
        }
    }
}
