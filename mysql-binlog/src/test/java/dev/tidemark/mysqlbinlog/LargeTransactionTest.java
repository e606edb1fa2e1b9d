package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.MariaDbExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A transaction above the batch bound waits on disk for its commit, then arrives in numbered parts. */
@Tag("mariadb")
class LargeTransactionTest {
    static final int BOUND = 10;
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();
    @TempDir
    static Path spill;
    static final Capture capture = new Capture();
    static Pipeline pipeline;

    @BeforeAll
    static void start() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE big (id int PRIMARY KEY, v varchar(20))");
        pipeline = Pipelines.start("large", Pipelines.source(db.server(), db.database(), "big").spillDirectory(spill).build(),
                CheckpointStore.inMemory(), capture, BOUND);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
    }

    @AfterAll
    static void stop() {
        pipeline.stop();
    }

    @Test
    void aTransactionLargerThanTheBoundArrivesInConsecutivePartsAfterItsCommit() throws Exception {
        int before = capture.events().size();
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 1; i <= 25; i++) {
                st.execute("INSERT INTO big VALUES (" + i + ", 'single')");
            }
            // one statement, one rows event holding more rows than the bound
            StringBuilder multi = new StringBuilder("INSERT INTO big VALUES ");
            for (int i = 26; i <= 95; i++) {
                multi.append(i > 26 ? "," : "").append('(').append(i).append(", 'multi')");
            }
            st.execute(multi.toString());
            c.commit();
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 95).subList(before, before + 95);
        assertThat(events).extracting(e -> e.after().get("id")).containsExactlyElementsOf(
                Stream.iterate(1, i -> i + 1).limit(95).toList());
        assertThat(events).extracting(ChangeEvent::totalOrder).containsExactlyElementsOf(
                Stream.iterate(1L, i -> i + 1).limit(95).toList());
        assertThat(events).extracting(ChangeEvent::txId).containsOnly(events.get(0).txId());
        List<Transaction> parts = capture.transactions().stream()
                .filter(t -> events.get(0).txId().equals(t.id())).toList();
        assertThat(parts).extracting(Transaction::part).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(parts).extracting(Transaction::size).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5);
        assertThat(parts).extracting(Transaction::lastPart).containsExactly(false, false, false, false, false, false,
                false, false, false, true);
        assertThat(parts.get(9).endPosition().isTransactionEnd()).isTrue();
        try (Stream<Path> left = Files.list(spill)) {
            assertThat(left).as("spill files are deleted after the commit").isEmpty();
        }
    }

    @Test
    void aRolledBackTransactionNeverArrives() throws Exception {
        int before = capture.events().size();
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 1000; i < 1020; i++) {
                st.execute("INSERT INTO big VALUES (" + i + ", 'rolled back')");
            }
            c.rollback();
            st.execute("INSERT INTO big VALUES (2000, 'kept')");
            c.commit();
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 1);
        assertThat(events.subList(before, events.size())).extracting(e -> e.after().get("v")).containsExactly("kept");
    }
}
