package dev.tidemark.mysqlbinlog;

import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.TestDatabaseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds binlog pipelines for tests, and waits until they stream. */
final class Pipelines {
    private static final AtomicInteger SYNCS = new AtomicInteger();

    private Pipelines() {
    }

    /** The marker table the tests' pipelines also capture, to know when streaming has begun. */
    static void createMarkerTable(DatabaseExtension<?> db) {
        db.execute("CREATE TABLE IF NOT EXISTS `" + Capture.MARKER_TABLE + "` (id int AUTO_INCREMENT PRIMARY KEY, note varchar(20))");
    }

    static MySqlBinlogSource.Builder source(TestDatabaseServer server, String database, String... tables) {
        List<String> all = new ArrayList<>();
        for (String t : tables) {
            all.add(database + "." + t);
        }
        all.add(database + "." + Capture.MARKER_TABLE);
        return MySqlBinlogSource.builder().url(server.jdbcUrl(database)).user(server.user()).password(server.password())
                .tables(all).heartbeatInterval(Duration.ofMillis(500));
    }

    static Pipeline start(String name, MySqlBinlogSource source, CheckpointStore store, Capture capture, int maxBatchEvents) {
        Pipeline p = Pipeline.builder().name(name).source(source).checkpointStore(store).handler(capture)
                .maxBatchEvents(maxBatchEvents)
                .reconnectRetry(new RetryPolicy(0, Duration.ofMillis(100), Duration.ofMillis(500), 2.0))
                .build();
        p.start();
        return p;
    }

    /**
     * Commits a marker row and waits until the pipeline delivers it: transactions arrive in commit
     * order, so by then everything committed before has been delivered, and whatever has not arrived
     * never will. Use it instead of sleeping before a "nothing else arrived" assertion.
     */
    static void sync(TestDatabaseServer server, String database, Capture capture) {
        String note = "sync" + SYNCS.incrementAndGet();
        server.execute(database, "INSERT INTO `" + Capture.MARKER_TABLE + "` (note) VALUES ('" + note + "')");
        await("marker " + note).atMost(Duration.ofSeconds(30)).until(() -> capture.sawMarker(note));
    }

    /** Inserts marker rows until the pipeline delivers one: from then on, every change is captured. */
    static void awaitStreaming(TestDatabaseServer server, String database, Capture capture) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            server.execute(database, "INSERT INTO `" + Capture.MARKER_TABLE + "` (note) VALUES ('marker')");
            return capture.sawMarker();
        });
    }
}
