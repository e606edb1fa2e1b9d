package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.testing.PostgresExtension;
import dev.tidemark.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server goes away under a running pipeline while a writer commits rows: the pipeline
 * reconnects by itself and, once the writer is done, every committed row has arrived exactly once.
 * The checkpoint store is in memory, so the pipeline process stays up throughout.
 */
@Tag("postgres")
class ServerRestartTest {
    /** Dedicated: the tests restart and kill the server. */
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.dedicatedServer();
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
    void aPipelineReconnectsAfterACleanServerRestartAndMissesNothing() throws Exception {
        survives(PostgresServer::restart, "clean_restart", false);
    }

    @Test
    void aPipelineReconnectsAfterTheServerIsKilledAndRecoversAndMissesNothing() throws Exception {
        survives(server -> {
            server.kill();
            server.restart();
        }, "killed", false);
    }

    @Test
    void aPipelineResumedFromACheckpointReconnectsAfterAServerRestart() throws Exception {
        survives(PostgresServer::restart, "resumed", true);
    }

    @Test
    void aServerCrashWhileTheSourceWaitsForABusyHandlerIsSurvived() throws Exception {
        pg.execute("CREATE TABLE \"busy\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("busy");
        Capture capture = new Capture();
        CountDownLatch handlerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger disconnects = new AtomicInteger();
        // the handler stops taking batches, so the source fills the queue and waits to hand over more
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("public.busy")
                        .heartbeatInterval(Duration.ofMillis(500)).build(), CheckpointStore.inMemory(), capture)
                .maxBatchEvents(100).handler(batch -> {
                    capture.handle(batch);
                    if (capture.eventCount() > 300 && handlerHeld.getCount() > 0) {
                        handlerHeld.countDown();
                        release.await(60, TimeUnit.SECONDS);
                    }
                }).listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }), "tidemark_" + name);
        writer = new Writer("busy");
        CompletableFuture<Void> writing = CompletableFuture.runAsync(writer);
        try {
            assertThat(handlerHeld.await(60, TimeUnit.SECONDS)).isTrue();
            int atHold = writer.lastId.get();
            // far more than the queue holds (4 x 100 events) is committed behind the held batch
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.lastId.get() > atHold + 3_000);
            pg.server().kill();
            pg.server().restart();
            PgHarness.until(p, () -> disconnects.get() > 0);
        } finally {
            release.countDown();
        }
        int writtenAtOutage = writer.lastId.get();
        PgHarness.until(p, () -> capture.events().stream().anyMatch(e -> (Integer) e.after().get("id") > writtenAtOutage + 300));
        writer.done.set(true);
        writing.get(60, TimeUnit.SECONDS);

        Set<Integer> committed = pg.queryForList("SELECT \"id\" FROM \"busy\"").stream()
                .map(m -> (Integer) m.get("id")).collect(Collectors.toSet());
        PgHarness.until(p, "all " + committed.size() + " committed rows delivered",
                () -> capture.eventCount() >= committed.size());
        List<Integer> received = capture.events().stream().map(e -> (Integer) e.after().get("id")).toList();
        assertThat(new HashSet<>(received)).as("every committed row arrived").isEqualTo(committed);
        assertThat(received).as("no row arrived twice").doesNotHaveDuplicates();
    }

    private void survives(Consumer<PostgresServer> outage, String table, boolean resumeFromCheckpoint) throws Exception {
        pg.execute("CREATE TABLE \"" + table + "\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("outage");
        String slot = "tidemark_" + name;
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        if (resumeFromCheckpoint) {
            // an earlier run of the same pipeline leaves a checkpoint and a slot confirmed up to it
            Pipeline earlier = harness.startStreaming(harness.pipeline(name, harness.source("public." + table).build(),
                    store, capture), slot);
            pg.execute("INSERT INTO \"" + table + "\" VALUES (-1)");
            PgHarness.awaitEvents(earlier, capture, 1);
            earlier.stop();
        }
        AtomicInteger disconnects = new AtomicInteger();
        // a clean shutdown waits until the walsender's client confirms everything sent, which an idle
        // stream does at its heartbeat: keep it short so the restart does not wait out the 10 s default
        Pipeline p = harness.startStreaming(harness.pipeline(name, harness.source("public." + table)
                        .heartbeatInterval(Duration.ofMillis(500)).build(), store, capture)
                .maxBatchEvents(100).listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }), slot);

        writer = new Writer(table);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(writer);
        PgHarness.until(p, () -> capture.eventCount() >= 300);
        outage.accept(pg.server());
        int writtenAtOutage = writer.lastId.get();
        // rows committed after the outage arrive too, then the writer may finish
        PgHarness.until(p, () -> capture.events().stream().anyMatch(e -> (Integer) e.after().get("id") > writtenAtOutage + 300));
        writer.done.set(true);
        writing.get(60, TimeUnit.SECONDS);

        Set<Integer> committed = pg.queryForList("SELECT \"id\" FROM \"" + table + "\"").stream()
                .map(m -> (Integer) m.get("id")).collect(Collectors.toSet());
        PgHarness.until(p, "all " + committed.size() + " committed rows delivered",
                () -> capture.eventCount() >= committed.size());
        List<Integer> received = capture.events().stream().map(e -> (Integer) e.after().get("id")).toList();
        assertThat(disconnects.get()).as("the pipeline noticed the outage").isPositive();
        assertThat(new HashSet<>(received)).as("every committed row arrived").isEqualTo(committed);
        assertThat(received).as("no row arrived twice").doesNotHaveDuplicates().hasSize(committed.size());
        List<ChangeEvent> events = capture.events();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position()).isGreaterThan(events.get(i - 1).position());
        }
    }

    /**
     * Commits three rows per transaction with consecutive ids until told to stop. When the server
     * is away it reconnects and retries the same ids: a commit that failed may have happened, so
     * the retry skips rows that exist.
     */
    private static final class Writer implements Runnable {
        private final String table;
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicInteger lastId = new AtomicInteger();

        Writer(String table) {
            this.table = table;
        }

        @Override
        public void run() {
            Connection c = null;
            try {
                while (!done.get()) {
                    int from = lastId.get() + 1;
                    try {
                        if (c == null) {
                            c = pg.connection();
                        }
                        try (Statement st = c.createStatement()) {
                            st.execute("INSERT INTO \"" + table + "\" SELECT g FROM generate_series(" + from + ", "
                                    + (from + 2) + ") g ON CONFLICT DO NOTHING");
                        }
                        lastId.set(from + 2);
                    } catch (RuntimeException | SQLException e) {
                        close(c);
                        c = null;
                        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                                .ignoreExceptions().until(() -> {
                                    try (Connection probe = pg.connection()) {
                                        return probe.isValid(1);
                                    }
                                });
                    }
                }
            } finally {
                close(c);
            }
        }

        private static void close(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the server went away
                }
            }
        }
    }
}
