package dev.tidemark.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.Transaction;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every change source promises, written once and run against each source on a real server:
 * row events, transactions, restarts, a killed server, heartbeats and errors, each through a real
 * {@link Pipeline}. Test names state the promise.
 *
 * <p>A source adopts the contract with a small subclass in its own tests that supplies
 * <ul>
 *   <li>{@link #startServer()}: a dedicated server of its vendor (the suite kills and restarts it, and
 *       closes it after the class), e.g. {@code PostgresServer.startDedicated()};</li>
 *   <li>{@link #source(SourceSpec)}: its source, built from the spec's host, port, database, login and
 *       tables (qualified its way), with a heartbeat interval of at most a second;</li>
 *   <li>{@link #quote(String)}: its identifier quoting. {@link #createTable(String)} may be overridden
 *       where the portable DDL does not fit the vendor.</li>
 * </ul>
 * Where a source cannot keep a promise, fix the source: the suite has no switches to opt out.
 *
 * <p>Every pipeline of the suite also captures a marker table. Inserting a marker row and waiting for
 * it is how the suite knows a pipeline streams, and that everything committed before the marker has
 * been delivered, so "nothing else arrived" is proved by an event rather than by waiting a while.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SourceContract {
    /** How long any awaited state may take; generous for a loaded 2-core machine. */
    protected static final Duration WAIT = Duration.ofSeconds(60);
    private static final RetryPolicy FAST_RECONNECT = new RetryPolicy(0, Duration.ofMillis(100), Duration.ofMillis(500), 2.0);
    private static final String DATABASE = "contract";
    private static final String MARKER = "contract_marker";

    private TestDatabaseServer server;
    private final AtomicInteger markers = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private final List<Pipeline> started = new ArrayList<>();

    /** A new, started server of the source's vendor, owned by the suite: it is killed, restarted and closed. */
    protected abstract TestDatabaseServer startServer();

    /** The source under contract, reading what {@code spec} names; its builder's errors propagate. */
    protected abstract ChangeSource source(SourceSpec spec);

    /** An identifier quoted for the vendor's SQL. */
    protected abstract String quote(String identifier);

    /** DDL for a table with an integer primary key {@code id}, a {@code name} varchar and an {@code amount} int. */
    protected String createTable(String table) {
        return "CREATE TABLE " + quote(table) + " (" + quote("id") + " int PRIMARY KEY, " + quote("name")
                + " varchar(40), " + quote("amount") + " int)";
    }

    @BeforeAll
    final void startServerAndDatabase() {
        server = startServer();
        server.createDatabase(DATABASE);
        execute(createTable(MARKER));
    }

    @AfterEach
    final void stopPipelines() {
        synchronized (started) {
            started.forEach(Pipeline::stop);
            started.clear();
        }
    }

    @AfterAll
    final void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ events

    @Test
    void insertsUpdatesAndDeletesArriveAsCreateUpdateDeleteWithTheirRowsInCommitOrder() {
        execute(createTable("ev_items"));
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(uniqueName(), "ev_items", capture), capture);

        execute(insert("ev_items", 1, "ann", 10),
                "UPDATE " + quote("ev_items") + " SET " + quote("amount") + " = 11 WHERE " + quote("id") + " = 1",
                "DELETE FROM " + quote("ev_items") + " WHERE " + quote("id") + " = 1");
        sync(p, capture);

        List<ChangeEvent> events = capture.events();
        assertThat(events).extracting(e -> e.op().code()).containsExactly("c", "u", "d");
        assertThat(events).allSatisfy(e -> assertThat(e.table().table()).isEqualTo("ev_items"));
        ChangeEvent insert = events.get(0);
        assertThat(insert.before()).isNull();
        assertThat(values(insert.after())).containsExactly(1L, "ann", 10L);
        ChangeEvent update = events.get(1);
        assertThat(values(update.after())).containsExactly(1L, "ann", 11L);
        if (update.before() != null) {
            // PostgreSQL's default replica identity leaves it out unless the key changed; when present it is the old row's
            assertThat(((Number) update.before().get("id")).longValue()).isEqualTo(1L);
        }
        ChangeEvent delete = events.get(2);
        assertThat(delete.after()).isNull();
        assertThat(((Number) delete.before().get("id")).longValue()).as("the deleted row's key").isEqualTo(1L);
        assertThat(capture.transactions()).as("three autocommitted statements, three transactions").hasSize(3)
                .extracting(Transaction::id).doesNotHaveDuplicates();
        assertThat(events).extracting(ChangeEvent::position).isSorted();
    }

    @Test
    void transactionsArriveInCommitOrderNotInTheOrderTheyBegan() throws SQLException {
        execute(createTable("co_items"));
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(uniqueName(), "co_items", capture), capture);

        try (Connection first = connect(); Connection second = connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            run(first, insert("co_items", 1, "began first", 1));
            run(second, insert("co_items", 2, "committed first", 2));
            second.commit();
            first.commit();
        }
        sync(p, capture);

        assertThat(capture.ids()).containsExactly(2, 1);
        assertThat(capture.transactions()).extracting(Transaction::endPosition).isSorted();
    }

    @Test
    void aRolledBackTransactionEmitsNothing() throws SQLException {
        execute(createTable("rb_items"));
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(uniqueName(), "rb_items", capture), capture);

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            run(c, insert("rb_items", 1, "never", 1), insert("rb_items", 2, "never", 2));
            c.rollback();
        }
        execute(insert("rb_items", 3, "kept", 3));
        sync(p, capture);

        assertThat(capture.ids()).containsExactly(3);
    }

    @Test
    void aMultiTableTransactionArrivesAsOneWholeTransactionWithAllItsEventsInStatementOrder() throws SQLException {
        execute(createTable("mt_orders"), createTable("mt_lines"));
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(uniqueName(), List.of("mt_orders", "mt_lines"), capture, 1000), capture);

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            run(c, insert("mt_orders", 1, "order", 0), insert("mt_lines", 1, "line", 5), insert("mt_lines", 2, "line", 7),
                    "UPDATE " + quote("mt_orders") + " SET " + quote("amount") + " = 12 WHERE " + quote("id") + " = 1");
            c.commit();
        }
        sync(p, capture);

        List<Transaction> txs = capture.transactions();
        assertThat(txs).hasSize(1);
        Transaction tx = txs.get(0);
        assertThat(tx.isWhole()).isTrue();
        assertThat(tx.endPosition().isTransactionEnd()).isTrue();
        assertThat(tx.events()).extracting(e -> e.table().table() + ":" + e.op().code())
                .containsExactly("mt_orders:c", "mt_lines:c", "mt_lines:c", "mt_orders:u");
        assertThat(tx.id()).isNotNull();
        assertThat(tx.events()).extracting(ChangeEvent::txId).containsOnly(tx.id());
        assertThat(tx.events()).extracting(ChangeEvent::totalOrder).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aTransactionLargerThanMaxBatchEventsArrivesInOrderedPartsThatMakeItWhole() throws SQLException {
        execute(createTable("lt_items"));
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(uniqueName(), List.of("lt_items"), capture, 10), capture);

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            run(c, IntStream.rangeClosed(1, 35).mapToObj(i -> insert("lt_items", i, "n" + i, i)).toArray(String[]::new));
            c.commit();
        }
        sync(p, capture);

        List<Transaction> parts = capture.transactions();
        assertThat(parts).as("35 events in parts of at most 10").hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(t -> assertThat(t.size()).isBetween(1, 10));
        assertThat(parts).extracting(Transaction::part).containsExactlyElementsOf(IntStream.range(0, parts.size()).boxed().toList());
        assertThat(parts).extracting(Transaction::lastPart).containsOnlyOnce(true).last().isEqualTo(true);
        assertThat(parts).extracting(Transaction::id).containsOnly(parts.get(0).id());
        assertThat(capture.ids()).containsExactlyElementsOf(IntStream.rangeClosed(1, 35).boxed().toList());
        assertThat(capture.events()).extracting(ChangeEvent::totalOrder)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 35).mapToObj(i -> (long) i).toList());
        assertThat(capture.dataBatches()).as("one part per batch").hasSameSizeAs(parts);
    }

    // ------------------------------------------------------------------ restarts

    @Test
    void aStoppedPipelineResumesAfterItsCheckpointAndTheReplayedChangesEqualTheTable() throws SQLException {
        execute(createTable("rs_items"));
        CheckpointStore store = JdbcCheckpointStore.create(server.dataSource(DATABASE));
        String name = uniqueName();
        long seed = System.nanoTime();
        Workload workload = new Workload("rs_items", new Random(seed));
        ContractCapture first = capture();
        Pipeline p1 = startStreaming(pipeline(name, List.of("rs_items"), first, 7).checkpointStore(store), first);
        workload.run(30);
        sync(p1, first);
        p1.stop();

        workload.run(30); // while no pipeline runs
        ContractCapture second = capture();
        Pipeline p2 = start(pipeline(name, List.of("rs_items"), second, 7).checkpointStore(store));
        workload.run(30);
        sync(p2, second);

        List<ChangeEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        String context = "seed " + seed;
        assertThat(all).as(context).extracting(e -> e.txId() + "#" + e.totalOrder()).doesNotHaveDuplicates();
        assertThat(all).as(context + ": one event per statement, none lost or twice").hasSize(workload.statements);
        assertThat(replay(all)).as(context + ": the captured changes replayed").isEqualTo(table("rs_items"));
    }

    @Test
    void aPipelineThatDiesWithoutCheckpointingRedeliversFromItsLastCheckpointAndSkipsNothing() {
        execute(createTable("cr_items"));
        CheckpointStore store = JdbcCheckpointStore.create(server.dataSource(DATABASE));
        String name = uniqueName();
        ContractCapture crashing = new ContractCapture(MARKER, batch -> batch.events().stream()
                .anyMatch(e -> e.table().table().equals("cr_items") && ContractCapture.id(e) == 6));
        Pipeline p1 = startStreaming(pipeline(name, List.of("cr_items"), crashing, 1000).checkpointStore(store)
                .handlerRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)), crashing);
        for (int i = 1; i <= 10; i++) {
            execute(insert("cr_items", i, "n" + i, i));
        }
        awaitStopped(p1);
        assertThat(p1.status().failure()).get().isInstanceOf(PipelineFailedException.class);
        assertThat(crashing.ids()).as("handled before the crash").doesNotContain(6);

        ContractCapture second = capture();
        Pipeline p2 = start(pipeline(name, List.of("cr_items"), second, 1000).checkpointStore(store));
        sync(p2, second);

        List<Integer> all = new ArrayList<>(crashing.ids());
        all.addAll(second.ids());
        assertThat(all).as("handled before the crash, then redelivered after it")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    }

    @Test
    void aKilledServerIsReconnectedToByItselfAndTheOutputIsCompleteAndExactlyOnceAgainstTheCheckpoint() {
        execute(createTable("kill_items"));
        CheckpointStore store = CheckpointStore.inMemory();
        String name = uniqueName();
        AtomicInteger disconnects = new AtomicInteger();
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(name, List.of("kill_items"), capture, 1000).checkpointStore(store)
                .listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }), capture);
        for (int i = 1; i <= 10; i++) {
            execute(insert("kill_items", i, "n" + i, i));
        }
        server.kill();
        server.restart();
        for (int i = 11; i <= 20; i++) {
            execute(insert("kill_items", i, "n" + i, i));
        }
        sync(p, capture);

        assertThat(capture.ids()).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(disconnects.get()).as("the source noticed the crash").isPositive();
        assertThat(p.status().failure()).isEmpty();

        p.stop();
        ContractCapture after = capture();
        Pipeline next = start(pipeline(name, List.of("kill_items"), after, 1000).checkpointStore(store));
        execute(insert("kill_items", 21, "n21", 21));
        sync(next, after);
        assertThat(after.ids()).as("a new pipeline from the checkpoint").containsExactly(21);
    }

    // ------------------------------------------------------------------ heartbeats

    @Test
    void theCheckpointOfAPipelineWhoseTablesAreQuietAdvancesWhileOtherTablesChange() {
        execute(createTable("hb_captured"), createTable("hb_noise"));
        CheckpointStore store = CheckpointStore.inMemory();
        String name = uniqueName();
        ContractCapture capture = capture();
        Pipeline p = startStreaming(pipeline(name, List.of("hb_captured"), capture, 1000).checkpointStore(store), capture);
        Position marked = sync(p, capture);
        until(p, "the marker's checkpoint", () -> store.load(name).map(cp -> cp.position().compareTo(marked) >= 0).orElse(false));
        Position before = store.load(name).orElseThrow().position();
        int handled = capture.transactions().size();

        for (int i = 1; i <= 20; i++) {
            execute(insert("hb_noise", i, "noise", i));
        }

        until(p, "the checkpoint to pass " + before, () -> store.load(name).orElseThrow().position().compareTo(before) > 0);
        assertThat(capture.transactions()).as("nothing of the uncaptured table is delivered").hasSize(handled);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anUnreachableServerFailsThePipelineWithSourceUnavailableExceptionOnceItsReconnectsAreUsedUp() {
        int port = freePort();
        AtomicInteger disconnects = new AtomicInteger();
        Pipeline p = start(Pipeline.builder().name(uniqueName()).source(source(spec(List.of("no_server")).withPort(port)))
                .checkpointStore(CheckpointStore.inMemory()).handler(capture())
                .reconnectRetry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(50), 1.0))
                .listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }));

        awaitStopped(p);
        assertThat(p.status().failure()).get().isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
            assertThat(e.retryable()).as("retrying is over").isFalse();
            assertThat(e.getMessage()).contains(String.valueOf(port));
        });
        assertThat(disconnects.get()).as("reconnects before giving up").isPositive();
        assertThatThrownBy(p::run).isInstanceOf(PipelineFailedException.class);
    }

    @Test
    void aLoginTheServerRefusesFailsAtOnceWithoutRetryingAndWithoutShowingThePassword() {
        String password = "contract-pw-9f3a";
        AtomicInteger disconnects = new AtomicInteger();
        Pipeline p = start(Pipeline.builder().name(uniqueName())
                .source(source(spec(List.of(MARKER)).withLogin("tidemark_nobody", password)))
                .checkpointStore(CheckpointStore.inMemory()).handler(capture()).reconnectRetry(FAST_RECONNECT)
                .listener(new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        disconnects.incrementAndGet();
                    }
                }));

        awaitStopped(p);
        assertThat(p.status().failure()).get().isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("tidemark_nobody").doesNotContain(password);
        });
        assertThat(disconnects.get()).as("a refused login is not retried").isZero();
    }

    @Test
    void aMissingCapturedTableIsAFailingCheckThatNamesTheTable() {
        ChangeSource source = source(spec(List.of(MARKER, "no_such_table")));
        List<CheckResult> results = source.check(uniqueName(), Optional.empty());
        assertThat(results).filteredOn(r -> r.severity() == CheckResult.Severity.FAIL)
                .anySatisfy(r -> assertThat(r.name() + " " + r.message()).contains("no_such_table"));
    }

    @Test
    void aSourceWithoutTablesIsRefusedByItsBuilderWithConfigException() {
        assertThatThrownBy(() -> source(spec(List.of()))).isInstanceOf(ConfigException.class);
    }

    // ------------------------------------------------------------------ support

    /** The server under contract, for subclasses' own additions. */
    protected final TestDatabaseServer server() {
        return server;
    }

    /** The spec of the suite's database on its server, as the server's admin user, capturing {@code tables}. */
    protected final SourceSpec spec(List<String> tables) {
        return new SourceSpec(server.host(), server.port(), DATABASE, server.user(), server.password(), tables);
    }

    private String uniqueName() {
        return "contract_" + names.incrementAndGet();
    }

    private ContractCapture capture() {
        return new ContractCapture(MARKER, batch -> false);
    }

    private Pipeline.Builder pipeline(String name, String table, ContractCapture capture) {
        return pipeline(name, List.of(table), capture, 1000);
    }

    private Pipeline.Builder pipeline(String name, List<String> tables, ContractCapture capture, int maxBatchEvents) {
        List<String> all = new ArrayList<>(tables);
        all.add(MARKER);
        return Pipeline.builder().name(name).source(source(spec(all))).checkpointStore(CheckpointStore.inMemory())
                .handler(capture).maxBatchEvents(maxBatchEvents).reconnectRetry(FAST_RECONNECT);
    }

    private Pipeline start(Pipeline.Builder builder) {
        Pipeline p = builder.build();
        synchronized (started) {
            started.add(p);
        }
        p.start();
        return p;
    }

    /** Starts the pipeline and inserts markers until one arrives: from then on every commit is captured. */
    private Pipeline startStreaming(Pipeline.Builder builder, ContractCapture capture) {
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
    private Position sync(Pipeline p, ContractCapture capture) {
        int id = markers.incrementAndGet();
        execute(insert(MARKER, id, "sync", 0));
        until(p, "marker " + id, () -> capture.sawMarker(id));
        return capture.markerEnd(id);
    }

    /** Waits for the condition, failing at once with the pipeline's error when it stopped by itself. */
    private static void until(Pipeline p, String what, Callable<Boolean> condition) {
        await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            PipelineStatus st = p.status();
            if (st.state() == PipelineStatus.State.FAILED || st.state() == PipelineStatus.State.STOPPED) {
                throw new AssertionError("pipeline " + p.name() + " stopped (" + st.state() + ") while waiting for "
                        + what, st.failure().orElse(null));
            }
            return condition.call();
        });
    }

    private static void awaitStopped(Pipeline p) {
        await("pipeline " + p.name() + " to stop by itself").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> p.status().state() == PipelineStatus.State.FAILED);
    }

    private void execute(String... sql) {
        server.execute(DATABASE, sql);
    }

    private Connection connect() {
        return server.connect(DATABASE);
    }

    private static void run(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private String insert(String table, int id, String name, int amount) {
        return "INSERT INTO " + quote(table) + " (" + quote("id") + ", " + quote("name") + ", " + quote("amount")
                + ") VALUES (" + id + ", '" + name + "', " + amount + ")";
    }

    /** A row's id, name and amount with numbers widened to long, so both vendors' types compare. */
    private static List<Object> values(dev.tidemark.engine.Row row) {
        return List.of(((Number) row.get("id")).longValue(), row.get("name"), ((Number) row.get("amount")).longValue());
    }

    /** The table as id to [id, name, amount]. */
    private Map<Long, List<Object>> table(String table) {
        Map<Long, List<Object>> rows = new TreeMap<>();
        for (Map<String, Object> r : server.queryForList(DATABASE, "SELECT " + quote("id") + ", " + quote("name") + ", "
                + quote("amount") + " FROM " + quote(table))) {
            long id = ((Number) r.get("id")).longValue();
            rows.put(id, List.of(id, r.get("name"), ((Number) r.get("amount")).longValue()));
        }
        return rows;
    }

    /** Applies change events in order to an empty table: the oracle of the differential restart test. */
    private static Map<Long, List<Object>> replay(List<ChangeEvent> events) {
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

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random single-row inserts, updates and deletes, each its own transaction, counting the statements. */
    private final class Workload {
        private final String table;
        private final Random random;
        private final Set<Integer> live = new HashSet<>();
        private int nextId = 1;
        int statements;

        Workload(String table, Random random) {
            this.table = table;
            this.random = random;
        }

        void run(int n) {
            for (int i = 0; i < n; i++) {
                int choice = live.isEmpty() ? 0 : random.nextInt(3);
                if (choice == 0) {
                    int id = nextId++;
                    execute(insert(table, id, "r" + random.nextInt(1000), random.nextInt(1_000_000)));
                    live.add(id);
                } else {
                    int id = live.stream().skip(random.nextInt(live.size())).findFirst().orElseThrow();
                    if (choice == 1) {
                        // a new amount every time: MySQL logs no row for an update that changes nothing
                        execute("UPDATE " + quote(table) + " SET " + quote("amount") + " = " + (1_000_000 + statements)
                                + ", " + quote("name") + " = 'u" + random.nextInt(1000) + "' WHERE " + quote("id") + " = " + id);
                    } else {
                        execute("DELETE FROM " + quote(table) + " WHERE " + quote("id") + " = " + id);
                        live.remove(id);
                    }
                }
                statements++;
            }
        }
    }
}
