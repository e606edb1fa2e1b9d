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

    /** Starts a pipeline and waits until its slot streams, so that changes made after this are captured. */
    Pipeline startStreaming(Pipeline.Builder builder, String slot) {
        Pipeline p = start(builder);
        awaitSlotActive(p, slot);
        return p;
    }

    void awaitSlotActive(Pipeline p, String slot) {
        until(p, () -> Boolean.TRUE.equals(db.queryScalar(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?", slot)));
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
