package dev.tidemark.pglogical;

import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs real {@link Pipeline}s over {@link PgLogicalSource} against one test database. Every pipeline
 * started through it is stopped by {@link #close()}, which also drops the replication slots left in
 * the database (slots are server-wide and count against {@code max_replication_slots}).
 */
final class PgHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Reconnect quickly: the tests restart servers and do not want to wait out the default backoff. */
    static final RetryPolicy FAST_RECONNECT = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofMillis(500), 2.0);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * 1 when a walsender started at or after the given time holds the slot and streams from it
     * (catchup or streaming: both only after START_REPLICATION).
     */
    static final String SLOT_STREAMING_SINCE = "SELECT count(*) FROM pg_replication_slots s"
            + " JOIN pg_stat_replication r ON r.pid = s.active_pid"
            + " WHERE s.slot_name = ? AND r.state IN ('catchup', 'streaming') AND r.backend_start >= ?::timestamptz";

    private final DatabaseExtension<PostgresServer> db;
    private final List<Pipeline> pipelines = new ArrayList<>();

    PgHarness(DatabaseExtension<PostgresServer> db) {
        this.db = db;
    }

    /** A pipeline (and so slot/publication) name unique on the server: {@code prefix_<hex>}. */
    static String uniqueName(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    /**
     * The database's URL without credentials: the user goes through the source builder, so a test
     * can connect as another role (pgjdbc lets URL parameters win over properties).
     */
    String url() {
        PostgresServer s = db.server();
        return "jdbc:postgresql://" + s.host() + ":" + s.port() + "/"
                + java.net.URLEncoder.encode(db.database(), StandardCharsets.UTF_8);
    }

    /** A source builder for the test database as the server's admin user, capturing {@code tables}. */
    PgLogicalSource.Builder source(String... tables) {
        PostgresServer s = db.server();
        return PgLogicalSource.builder().url(url()).user(s.user()).password(s.password()).tables(tables);
    }

    /** A pipeline builder with the tests' defaults: fast reconnects. */
    Pipeline.Builder pipeline(String name, PgLogicalSource source, CheckpointStore store, Capture capture) {
        return Pipeline.builder().name(name).source(source).checkpointStore(store).handler(capture)
                .reconnectRetry(FAST_RECONNECT);
    }

    /** Starts the pipeline and remembers it for {@link #close()}. */
    Pipeline start(Pipeline.Builder builder) {
        Pipeline p = builder.build();
        synchronized (pipelines) {
            pipelines.add(p);
        }
        p.start();
        return p;
    }

    /**
     * Starts a pipeline and waits until it streams from its slot: changes made after this are
     * captured, and the slot stays active (held by the pipeline's walsender) until the pipeline stops.
     */
    Pipeline startStreaming(Pipeline.Builder builder, String slot) {
        String since = serverClock();
        Pipeline p = start(builder);
        awaitStreaming(p, slot, since);
        return p;
    }

    /** The server's clock now, as text for {@link #awaitStreaming}. */
    String serverClock() {
        return (String) db.queryScalar("SELECT clock_timestamp()::text");
    }

    /**
     * Waits until the slot is held by a walsender that connected after {@code since} (a
     * {@link #serverClock()} reading) and has begun START_REPLICATION. {@code pg_replication_slots.active}
     * alone is not enough: the walsender that creates the slot holds it too (its state is
     * {@code startup}) and lets go before the pipeline's streaming connection takes it, and after a
     * restart the stopped pipeline's walsender may still hold it for a moment.
     */
    void awaitStreaming(Pipeline p, String slot, String since) {
        until(p, "slot " + slot + " to stream to a walsender started after " + since,
                () -> db.queryLong(SLOT_STREAMING_SINCE, slot, since) == 1);
    }

    /**
     * Waits until no walsender holds the slot any more: a stopped pipeline has closed its connection,
     * but the server notices that and releases the slot a moment later.
     */
    void awaitSlotReleased(String slot) {
        await("slot " + slot + " to be released").atMost(WAIT).pollInterval(Duration.ofMillis(25)).until(() ->
                db.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active", slot) == 0);
    }

    /**
     * Waits for the condition, failing at once (with the pipeline's error as the cause) when the
     * pipeline stopped by itself.
     */
    static void until(Pipeline p, Callable<Boolean> condition) {
        until(p, "the condition", condition);
    }

    /** {@link #until(Pipeline, Callable)} with a description of what is awaited, for the timeout message. */
    static void until(Pipeline p, String what, Callable<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(25)).until(() -> {
            PipelineStatus st = p.status();
            if (st.state() == PipelineStatus.State.FAILED || st.state() == PipelineStatus.State.STOPPED) {
                throw new AssertionError("pipeline " + p.name() + " stopped (" + st.state() + ") while the test waited",
                        st.failure().orElse(null));
            }
            return condition.call();
        });
    }

    /** Waits for at least {@code n} events and returns all received so far. */
    static List<ChangeEvent> awaitEvents(Pipeline p, Capture capture, int n) {
        until(p, () -> capture.eventCount() >= n);
        return capture.events();
    }

    /** Waits until the pipeline stopped by itself and returns its failure. */
    static Throwable awaitFailure(Pipeline p) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(25))
                .until(() -> p.status().state() == PipelineStatus.State.FAILED);
        return p.status().failure().orElseThrow();
    }

    @Override
    public void close() {
        List<Pipeline> all;
        synchronized (pipelines) {
            all = List.copyOf(pipelines);
            pipelines.clear();
        }
        for (Pipeline p : all) {
            p.stop();
        }
        if (db.server().isRunning()) {
            await().atMost(WAIT).until(() -> (Long) db.queryScalar(
                    "SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND active") == 0);
            db.queryForList("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE database = current_database()");
        }
    }
}
