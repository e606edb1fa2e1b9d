package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import dev.tidemark.testing.MariaDbExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server restarts under a running pipeline, and purges binlog a stopped one needs. */
@Tag("mariadb")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerFaultsTest {
    @RegisterExtension
    static final MariaDbExtension db = MariaDbExtension.dedicatedServer();

    @BeforeAll
    static void tables() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE items (id int PRIMARY KEY)");
    }

    private static List<Integer> ids(List<ChangeEvent> events) {
        return events.stream().map(e -> (Integer) e.after().get("id")).toList();
    }

    @Test
    @Order(1)
    void reconnectsAfterAServerRestartAndLosesNothing() {
        Capture capture = new Capture();
        AtomicInteger disconnects = new AtomicInteger();
        Pipeline p = Pipeline.builder().name("restart").source(Pipelines.source(db.server(), db.database(), "items").build())
                .checkpointStore(CheckpointStore.inMemory()).handler(capture)
                .reconnectRetry(new dev.tidemark.engine.RetryPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(1), 2.0))
                .listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }).build();
        p.start();
        try {
            Pipelines.awaitStreaming(db.server(), db.database(), capture);
            for (int i = 1; i <= 10; i++) {
                db.execute("INSERT INTO items VALUES (" + i + ")");
            }
            db.server().restart();
            for (int i = 11; i <= 20; i++) {
                db.execute("INSERT INTO items VALUES (" + i + ")");
            }
            Pipelines.sync(db.server(), db.database(), capture);
            assertThat(ids(capture.events())).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
            assertThat(disconnects.get()).isGreaterThanOrEqualTo(1);
            assertThat(p.status().failure()).isEmpty();
        } finally {
            p.stop();
        }
    }

    @Test
    @Order(2)
    void stopsWithAClearErrorWhenTheBinlogOfItsCheckpointWasPurged() throws Exception {
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        Pipeline p1 = Pipelines.start("purged", Pipelines.source(db.server(), db.database(), "items").build(), store, capture, 100);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
        db.execute("INSERT INTO items VALUES (100)");
        capture.awaitEvents(1);
        p1.stop();

        db.execute("INSERT INTO items VALUES (101)");
        db.server().execute("", "FLUSH BINARY LOGS");
        String current = String.valueOf(db.server().queryForList("", "SHOW MASTER STATUS").get(0).get("File"));
        // a dump thread of the stopped pipeline may hold the old file until it notices the disconnect
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            db.server().execute("", "PURGE BINARY LOGS TO '" + current + "'");
            return db.server().queryForList("", "SHOW BINARY LOGS").size() == 1;
        });

        MySqlBinlogSource source = Pipelines.source(db.server(), db.database(), "items").build();
        Optional<Position> checkpoint = store.load("purged").map(cp -> cp.position());
        List<CheckResult> checks = source.check("purged", checkpoint);
        assertThat(checks).filteredOn(c -> c.name().equals("checkpoint")).singleElement()
                .satisfies(c -> {
                    assertThat(c.severity()).isEqualTo(CheckResult.Severity.FAIL);
                    assertThat(c.message()).contains("re-snapshot");
                });

        Pipeline p2 = Pipelines.start("purged", source, store, new Capture(), 100);
        assertThat(p2.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(p2.status().failure()).get().satisfies(t -> {
            assertThat(t).isInstanceOf(CheckpointConflictException.class);
            assertThat(t.getMessage()).contains("Re-snapshot", "oldest binlog", "0-");
        });
        assertThatThrownBy(p2::run).isInstanceOf(PipelineFailedException.class).hasMessageContaining("Re-snapshot");
    }
}
