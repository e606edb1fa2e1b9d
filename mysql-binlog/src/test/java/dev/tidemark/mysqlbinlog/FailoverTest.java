package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.SourceStatus;
import java.util.Optional;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.testing.MariaDbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A pipeline moves from a primary to its promoted replica by GTID: nothing lost, nothing twice. */
@Tag("mariadb")
class FailoverTest {

    private static List<Integer> ids(List<ChangeEvent> events) {
        return events.stream().map(e -> (Integer) e.after().get("id")).toList();
    }

    @Test
    void continuesOnThePromotedReplicaFromTheGtidCheckpoint() throws Exception {
        try (MariaDbServer primary = MariaDbServer.startDedicated();
             MariaDbServer replica = MariaDbServer.startDedicated()) {
            primary.createDatabase("shop");
            primary.execute("shop", "CREATE TABLE `" + Capture.MARKER_TABLE + "` (id int AUTO_INCREMENT PRIMARY KEY, note varchar(20))",
                    "CREATE TABLE orders (id int PRIMARY KEY, note varchar(20))",
                    "INSERT INTO orders VALUES (0, 'before the pipeline')");
            replica.replicateFrom(primary);
            // the replica writes its own binlog, here with lower file numbers than the primary's: its
            // coordinates for later transactions compare below the primary's, and only GTIDs tell the order
            primary.execute("", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");

            CheckpointStore store = CheckpointStore.inMemory();
            Capture onPrimary = new Capture();
            Pipeline p1 = Pipelines.start("failover", Pipelines.source(primary, "shop", "orders").build(), store, onPrimary, 100);
            Pipelines.awaitStreaming(primary, "shop", onPrimary);
            for (int i = 1; i <= 10; i++) {
                primary.execute("shop", "INSERT INTO orders VALUES (" + i + ", 'primary')");
            }
            onPrimary.awaitEvents(10);
            p1.stop();
            BinlogPosition checkpoint = (BinlogPosition) store.load("failover").orElseThrow().position();

            // preflight sees the replica's server_id, and status reports where the checkpoint stands
            CheckResult collision = Pipelines.source(primary, "shop", "orders").serverId(replica.serverId()).build()
                    .check("failover", Optional.empty()).stream().filter(r -> r.name().equals("server_id")).findFirst().orElseThrow();
            assertThat(collision.severity()).isEqualTo(CheckResult.Severity.FAIL);
            assertThat(collision.message()).contains("replica with server_id " + replica.serverId());
            primary.execute("shop", "INSERT INTO `" + Capture.MARKER_TABLE + "` (note) VALUES ('lag')");
            SourceStatus status = Pipelines.source(primary, "shop", "orders").build().inspect("failover", Optional.of(checkpoint));
            assertThat(status.connector()).isEqualTo("mariadb");
            assertThat(status.lagBytes()).isPresent();
            assertThat(status.lagBytes().getAsLong()).isPositive();
            assertThat(status.details()).containsKeys("server", "binlog", "gtids", "checkpoint");

            // more writes while the pipeline is down, then the primary goes away and the replica is promoted
            for (int i = 11; i <= 15; i++) {
                primary.execute("shop", "INSERT INTO orders VALUES (" + i + ", 'primary, unread')");
            }
            replica.awaitReplicationFrom(primary, Duration.ofSeconds(30));
            primary.stop();
            replica.stopReplicating();
            for (int i = 16; i <= 20; i++) {
                replica.execute("shop", "INSERT INTO orders VALUES (" + i + ", 'promoted')");
            }

            Capture onReplica = new Capture();
            Pipeline p2 = Pipelines.start("failover", Pipelines.source(replica, "shop", "orders").build(), store, onReplica, 100);
            try {
                replica.execute("shop", "INSERT INTO orders VALUES (21, 'promoted, live')");
                // once the marker committed after row 21 is here, everything before it is, and nothing more comes
                Pipelines.sync(replica, "shop", onReplica);
                List<Integer> all = new ArrayList<>(ids(onPrimary.events()));
                all.addAll(ids(onReplica.events()));
                assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 21).boxed().toList());
                ChangeEvent first = onReplica.events().get(0);
                assertThat(((SourceInfo.Binlog) first.source()).serverId()).as("written by the old primary")
                        .isEqualTo(primary.serverId());
                assertThat(first.position()).isGreaterThan(checkpoint);
                assertThat(p2.status().failure()).isEmpty();
            } finally {
                p2.stop();
            }
        }
    }
}
