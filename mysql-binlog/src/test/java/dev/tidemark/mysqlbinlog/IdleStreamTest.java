package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.testing.MariaDbExtension;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions of other tables move the checkpoint of an idle pipeline without reaching its handler. */
@Tag("mariadb")
class IdleStreamTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();

    @Test
    void otherTablesTrafficAdvancesTheCheckpointThroughHeartbeats() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE captured (id int PRIMARY KEY)", "CREATE TABLE busy (id int PRIMARY KEY)");
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        Pipeline p = Pipelines.start("idle", Pipelines.source(db.server(), db.database(), "captured").build(), store, capture, 100);
        try {
            Pipelines.awaitStreaming(db.server(), db.database(), capture);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.load("idle").isPresent());
            BinlogPosition before = (BinlogPosition) store.load("idle").orElseThrow().position();
            int handled = capture.transactions().size();
            for (int i = 0; i < 20; i++) {
                db.execute("INSERT INTO busy VALUES (" + i + ")");
            }
            String serverGtids = db.server().variable("gtid_binlog_pos");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ((BinlogPosition) store.load("idle").orElseThrow().position()).gtidSet().equals(serverGtids));
            BinlogPosition after = (BinlogPosition) store.load("idle").orElseThrow().position();
            assertThat(after).isGreaterThan(before);
            assertThat(after.isTransactionEnd()).isTrue();
            assertThat(after.gtidCount() - before.gtidCount()).isGreaterThanOrEqualTo(20);
            assertThat(capture.transactions()).hasSize(handled);
        } finally {
            p.stop();
        }
    }
}
