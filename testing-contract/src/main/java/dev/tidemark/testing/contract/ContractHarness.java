package dev.tidemark.testing.contract;

import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.testing.TestDatabaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the contract's tests share: the database on the server under contract, pipelines built with
 * the subclass's source and stopped after each test, the marker row that proves delivery, SQL in the
 * vendor's quoting, and the table oracle. Not thread-safe except where noted; one per suite instance.
 */
final class ContractHarness {
    /** How long any awaited state may take; generous for a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(60);
    static final RetryPolicy FAST_RECONNECT = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofMillis(500), 2.0);
    static final String DATABASE = "contract";
    static final String MARKER = "contract_marker";

    private final TestDatabaseServer server;
    private final Function<SourceSpec, ChangeSource> sources;
    private final UnaryOperator<String> quote;
    private final AtomicInteger markers = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private final List<Pipeline> started = new ArrayList<>();

    ContractHarness(TestDatabaseServer server, Function<SourceSpec, ChangeSource> sources, UnaryOperator<String> quote) {
        this.server = server;
        this.sources = sources;
        this.quote = quote;
    }

    TestDatabaseServer server() {
        return server;
    }

    SourceSpec spec(List<String> tables) {
        return new SourceSpec(server.host(), server.port(), DATABASE, server.user(), server.password(), tables);
    }

    ChangeSource source(SourceSpec spec) {
        return sources.apply(spec);
    }

    String uniqueName() {
        return "contract_" + names.incrementAndGet();
    }

    ContractCapture capture() {
        return new ContractCapture(MARKER, batch -> false);
    }

    /** A pipeline on {@code tables} and the marker table, with in-memory checkpoints and fast reconnects. */
    Pipeline.Builder pipeline(String name, List<String> tables, ContractCapture capture, int maxBatchEvents) {
        List<String> all = new ArrayList<>(tables);
        all.add(MARKER);
        return Pipeline.builder().name(name).source(source(spec(all))).checkpointStore(CheckpointStore.inMemory())
                .handler(capture).maxBatchEvents(maxBatchEvents).reconnectRetry(FAST_RECONNECT);
    }

    /** Builds and starts the pipeline; {@link #stopAll()} stops it. */
    Pipeline start(Pipeline.Builder builder) {
        Pipeline p = builder.build();
        synchronized (started) {
            started.add(p);
        }
        p.start();
        return p;
    }

    /** Starts the pipeline and inserts markers until one arrives: from then on every commit is captured. */
    Pipeline startStreaming(Pipeline.Builder builder, ContractCapture capture) {
        Pipeline p = start(builder);
        until(p, "the pipeline to stream", () -> {
            execute(insert(MARKER, -markers.incrementAndGet(), "probe", 0));
            return capture.sawMarker(Integer.MIN_VALUE);
        });
        return p;
    }

    /**
     * Commits a marker row and waits for it: since transactions arrive in commit order, everything
     * committed before is delivered by then. Returns where the pipeline stands after the marker.
     */
    Position sync(Pipeline p, ContractCapture capture) {
        int id = markers.incrementAndGet();
        execute(insert(MARKER, id, "sync", 0));
        until(p, "marker " + id, () -> capture.sawMarker(id));
        return capture.markerEnd(id);
    }

    void stopAll() {
        synchronized (started) {
            started.forEach(Pipeline::stop);
            started.clear();
        }
    }

    /** Waits for the condition, failing at once with the pipeline's error when it stopped by itself. */
    static void until(Pipeline p, String what, Callable<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            PipelineStatus st = p.status();
            if (st.state() == PipelineStatus.State.FAILED || st.state() == PipelineStatus.State.STOPPED) {
                throw new AssertionError("pipeline " + p.name() + " stopped (" + st.state() + ") while waiting for "
                        + what, st.failure().orElse(null));
            }
            return condition.call();
        });
    }

    /** Waits until the pipeline failed by itself. */
    static void awaitFailed(Pipeline p) {
        await("pipeline " + p.name() + " to fail by itself").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> p.status().state() == PipelineStatus.State.FAILED);
    }

    // ------------------------------------------------------------------ SQL

    String quote(String identifier) {
        return quote.apply(identifier);
    }

    void execute(String... sql) {
        server.execute(DATABASE, sql);
    }

    /** Runs the statements in one transaction. */
    void inTransaction(String... sql) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            run(c, sql);
            c.commit();
        }
    }

    Connection connect() {
        return server.connect(DATABASE);
    }

    static void run(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    String insert(String table, int id, String name, int amount) {
        return "INSERT INTO " + quote(table) + " (" + quote("id") + ", " + quote("name") + ", " + quote("amount")
                + ") VALUES (" + id + ", '" + name + "', " + amount + ")";
    }

    /** Inserts of rows {@code from} to {@code to}: id i, name "n" + i, amount i. */
    String[] inserts(String table, int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(i -> insert(table, i, "n" + i, i))
                .toArray(String[]::new);
    }

    String update(String table, int id, String name, int amount) {
        return "UPDATE " + quote(table) + " SET " + quote("name") + " = '" + name + "', " + quote("amount") + " = "
                + amount + " WHERE " + quote("id") + " = " + id;
    }

    String delete(String table, int id) {
        return "DELETE FROM " + quote(table) + " WHERE " + quote("id") + " = " + id;
    }

    // ------------------------------------------------------------------ oracle

    /** A row's id, name and amount with numbers widened to long, so both vendors' types compare. */
    static List<Object> values(Row row) {
        return List.of(((Number) row.get("id")).longValue(), row.get("name"), ((Number) row.get("amount")).longValue());
    }

    /** The table as id to [id, name, amount]. */
    Map<Long, List<Object>> table(String table) {
        Map<Long, List<Object>> rows = new TreeMap<>();
        for (Map<String, Object> r : server.queryForList(DATABASE, "SELECT " + quote("id") + ", " + quote("name") + ", "
                + quote("amount") + " FROM " + quote(table))) {
            long id = ((Number) r.get("id")).longValue();
            rows.put(id, List.of(id, r.get("name"), ((Number) r.get("amount")).longValue()));
        }
        return rows;
    }

    /** Applies change events in order to an empty table, the same shape as {@link #table(String)}. */
    static Map<Long, List<Object>> replay(List<ChangeEvent> events) {
        Map<Long, List<Object>> rows = new TreeMap<>();
        for (ChangeEvent e : events) {
            if (e.op() == Operation.DELETE) {
                rows.remove(((Number) e.before().get("id")).longValue());
            } else {
                List<Object> v = values(e.after());
                rows.put((Long) v.get(0), v);
            }
        }
        return rows;
    }

    /** A port nothing listens on (for a moment: taken from the OS and released). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the source's lost connections, as the pipeline reports them. */
    static final class Disconnects implements PipelineListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
            count.incrementAndGet();
        }

        int count() {
            return count.get();
        }
    }
}
