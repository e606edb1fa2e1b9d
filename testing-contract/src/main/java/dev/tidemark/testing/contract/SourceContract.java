package dev.tidemark.testing.contract;

import static dev.tidemark.testing.contract.ContractHarness.DATABASE;
import static dev.tidemark.testing.contract.ContractHarness.FAST_RECONNECT;
import static dev.tidemark.testing.contract.ContractHarness.MARKER;
import static dev.tidemark.testing.contract.ContractHarness.awaitFailed;
import static dev.tidemark.testing.contract.ContractHarness.freePort;
import static dev.tidemark.testing.contract.ContractHarness.replay;
import static dev.tidemark.testing.contract.ContractHarness.run;
import static dev.tidemark.testing.contract.ContractHarness.until;
import static dev.tidemark.testing.contract.ContractHarness.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.testing.TestDatabaseServer;
import dev.tidemark.testing.contract.ContractHarness.Disconnects;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * <p>A source adopts the contract with a small subclass in its own tests (scope {@code test}
 * dependency on {@code tidemark-testing-contract}) that supplies
 * <ul>
 *   <li>{@link #startServer()}: a dedicated server of its vendor, e.g. {@code PostgresServer.startDedicated()};
 *       the suite kills and restarts it, and closes it after the class;</li>
 *   <li>{@link #source(SourceSpec)}: its source, built from the spec's host, port, database, login and
 *       tables (qualified its way), with a heartbeat interval of at most a second;</li>
 *   <li>{@link #quote(String)}: its identifier quoting. {@link #createTable(String)} may be overridden
 *       where the portable DDL does not fit the vendor.</li>
 * </ul>
 * <pre>{@code
 * class PgLogicalSourceContractTest extends SourceContract {
 *     protected TestDatabaseServer startServer() { return PostgresServer.startDedicated(); }
 *     protected ChangeSource source(SourceSpec spec) { return PgLogicalSource.builder().url(...)...build(); }
 *     protected String quote(String identifier) { return "\"" + identifier.replace("\"", "\"\"") + "\""; }
 * }
 * }</pre>
 * Where a source cannot keep a promise, fix the source: the suite has no switches to opt out.
 *
 * <p>Every pipeline of the suite also captures a marker table. Inserting a marker row and waiting for
 * it is how the suite knows a pipeline streams, and that everything committed before the marker has
 * been delivered, so "nothing else arrived" is proved by an event rather than by waiting a while.
 * The tests of one class run one after another on the one server (JUnit's default).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SourceContract {
    private ContractHarness h;

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

    /** The server under contract, once the suite started it, for a subclass's own additional tests. */
    protected final TestDatabaseServer server() {
        return h.server();
    }

    /** The spec of the suite's database as the server's admin user, capturing {@code tables}. */
    protected final SourceSpec spec(List<String> tables) {
        return h.spec(tables);
    }

    @BeforeAll
    final void startServerAndDatabase() {
        TestDatabaseServer server = startServer();
        h = new ContractHarness(server, this::source, this::quote);
        server.createDatabase(DATABASE);
        h.execute(createTable(MARKER));
    }

    @AfterEach
    final void stopPipelines() {
        h.stopAll();
    }

    @AfterAll
    final void closeServer() {
        if (h != null) {
            h.server().close();
        }
    }

    // ------------------------------------------------------------------ events

    @Test
    void insertsUpdatesAndDeletesArriveAsCreateUpdateDeleteWithTheirRowsInCommitOrder() {
        h.execute(createTable("ev_items"));
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(h.uniqueName(), List.of("ev_items"), capture, 1000), capture);

        h.execute(h.insert("ev_items", 1, "ann", 10), h.update("ev_items", 1, "ann", 11), h.delete("ev_items", 1));
        h.sync(p, capture);

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
        h.execute(createTable("co_items"));
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(h.uniqueName(), List.of("co_items"), capture, 1000), capture);

        try (Connection first = h.connect(); Connection second = h.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            run(first, h.insert("co_items", 1, "began first", 1));
            run(second, h.insert("co_items", 2, "committed first", 2));
            second.commit();
            first.commit();
        }
        h.sync(p, capture);

        assertThat(capture.ids()).containsExactly(2, 1);
        assertThat(capture.transactions()).extracting(Transaction::endPosition).isSorted();
    }

    @Test
    void aRolledBackTransactionEmitsNothing() throws SQLException {
        h.execute(createTable("rb_items"));
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(h.uniqueName(), List.of("rb_items"), capture, 1000), capture);

        try (Connection c = h.connect()) {
            c.setAutoCommit(false);
            run(c, h.insert("rb_items", 1, "never", 1), h.insert("rb_items", 2, "never", 2));
            c.rollback();
        }
        h.execute(h.insert("rb_items", 3, "kept", 3));
        h.sync(p, capture);

        assertThat(capture.ids()).containsExactly(3);
    }

    @Test
    void aMultiTableTransactionArrivesAsOneWholeTransactionWithAllItsEventsInStatementOrder() throws SQLException {
        h.execute(createTable("mt_orders"), createTable("mt_lines"));
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(h.uniqueName(), List.of("mt_orders", "mt_lines"), capture, 1000), capture);

        h.inTransaction(h.insert("mt_orders", 1, "order", 0), h.insert("mt_lines", 1, "line", 5),
                h.insert("mt_lines", 2, "line", 7), h.update("mt_orders", 1, "order", 12));
        h.sync(p, capture);

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
        h.execute(createTable("lt_items"));
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(h.uniqueName(), List.of("lt_items"), capture, 10), capture);

        h.inTransaction(h.inserts("lt_items", 1, 35));
        h.sync(p, capture);

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
        h.execute(createTable("rs_items"));
        CheckpointStore store = JdbcCheckpointStore.create(h.server().dataSource(DATABASE));
        String name = h.uniqueName();
        long seed = System.nanoTime();
        RandomWorkload workload = new RandomWorkload(h, "rs_items", seed);
        ContractCapture first = h.capture();
        Pipeline p1 = h.startStreaming(h.pipeline(name, List.of("rs_items"), first, 7).checkpointStore(store), first);
        workload.run(30);
        h.sync(p1, first);
        p1.stop();

        workload.run(30); // while no pipeline runs
        ContractCapture second = h.capture();
        Pipeline p2 = h.start(h.pipeline(name, List.of("rs_items"), second, 7).checkpointStore(store));
        workload.run(30);
        h.sync(p2, second);

        List<ChangeEvent> all = new ArrayList<>(first.events());
        all.addAll(second.events());
        String context = "seed " + seed;
        assertThat(all).as(context).extracting(e -> e.txId() + "#" + e.totalOrder()).doesNotHaveDuplicates();
        assertThat(all).as(context + ": one event per statement, none lost or twice").hasSize(workload.statements());
        assertThat(replay(all)).as(context + ": the captured changes replayed").isEqualTo(h.table("rs_items"));
    }

    @Test
    void aPipelineThatDiesWithoutCheckpointingRedeliversFromItsLastCheckpointAndSkipsNothing() {
        h.execute(createTable("cr_items"));
        CheckpointStore store = JdbcCheckpointStore.create(h.server().dataSource(DATABASE));
        String name = h.uniqueName();
        ContractCapture crashing = new ContractCapture(MARKER, batch -> batch.events().stream()
                .anyMatch(e -> e.table().table().equals("cr_items") && ContractCapture.id(e) == 6));
        Pipeline p1 = h.startStreaming(h.pipeline(name, List.of("cr_items"), crashing, 1000).checkpointStore(store)
                .handlerRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)), crashing);
        h.execute(h.inserts("cr_items", 1, 10));
        awaitFailed(p1);
        assertThat(p1.status().failure()).get().isInstanceOf(PipelineFailedException.class);
        assertThat(crashing.ids()).as("handled before the crash").doesNotContain(6);

        ContractCapture second = h.capture();
        Pipeline p2 = h.start(h.pipeline(name, List.of("cr_items"), second, 1000).checkpointStore(store));
        h.sync(p2, second);

        List<Integer> all = new ArrayList<>(crashing.ids());
        all.addAll(second.ids());
        assertThat(all).as("handled before the crash, then redelivered after it")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    }

    @Test
    void aKilledServerIsReconnectedToByItselfAndTheOutputIsCompleteAndExactlyOnceAgainstTheCheckpoint() {
        h.execute(createTable("kill_items"));
        CheckpointStore store = CheckpointStore.inMemory();
        String name = h.uniqueName();
        Disconnects disconnects = new Disconnects();
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(name, List.of("kill_items"), capture, 1000).checkpointStore(store)
                .listener(disconnects), capture);
        h.execute(h.inserts("kill_items", 1, 10));
        h.server().kill();
        h.server().restart();
        h.execute(h.inserts("kill_items", 11, 20));
        h.sync(p, capture);

        assertThat(capture.ids()).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(disconnects.count()).as("the source noticed the crash").isPositive();
        assertThat(p.status().failure()).isEmpty();

        p.stop();
        ContractCapture after = h.capture();
        Pipeline next = h.start(h.pipeline(name, List.of("kill_items"), after, 1000).checkpointStore(store));
        h.execute(h.insert("kill_items", 21, "n21", 21));
        h.sync(next, after);
        assertThat(after.ids()).as("a new pipeline from the checkpoint").containsExactly(21);
    }

    // ------------------------------------------------------------------ heartbeats

    @Test
    void theCheckpointOfAPipelineWhoseTablesAreQuietAdvancesWhileOtherTablesChange() {
        h.execute(createTable("hb_captured"), createTable("hb_noise"));
        CheckpointStore store = CheckpointStore.inMemory();
        String name = h.uniqueName();
        ContractCapture capture = h.capture();
        Pipeline p = h.startStreaming(h.pipeline(name, List.of("hb_captured"), capture, 1000).checkpointStore(store), capture);
        Position marked = h.sync(p, capture);
        until(p, "the marker's checkpoint", () -> store.load(name).map(cp -> cp.position().compareTo(marked) >= 0).orElse(false));
        Position before = store.load(name).orElseThrow().position();
        int handled = capture.transactions().size();

        h.execute(h.inserts("hb_noise", 1, 20));

        until(p, "the checkpoint to pass " + before, () -> store.load(name).orElseThrow().position().compareTo(before) > 0);
        assertThat(capture.transactions()).as("nothing of the uncaptured table is delivered").hasSize(handled);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anUnreachableServerFailsThePipelineWithSourceUnavailableExceptionOnceItsReconnectsAreUsedUp() {
        int port = freePort();
        Disconnects disconnects = new Disconnects();
        Pipeline p = h.start(Pipeline.builder().name(h.uniqueName()).source(h.source(h.spec(List.of("no_server")).withPort(port)))
                .checkpointStore(CheckpointStore.inMemory()).handler(h.capture())
                .reconnectRetry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(50), 1.0))
                .listener(disconnects));

        awaitFailed(p);
        assertThat(p.status().failure()).get().isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
            assertThat(e.retryable()).as("retrying is over").isFalse();
            assertThat(e.getMessage()).contains(String.valueOf(port));
        });
        assertThat(disconnects.count()).as("reconnects before giving up").isPositive();
        assertThatThrownBy(p::run).isInstanceOf(PipelineFailedException.class);
    }

    /** An unknown user: the private PostgreSQL servers trust every password, so a wrong one is not refused there. */
    @Test
    void aLoginTheServerRefusesFailsAtOnceWithoutRetryingAndWithoutShowingThePassword() {
        String password = "contract-pw-9f3a";
        Disconnects disconnects = new Disconnects();
        Pipeline p = h.start(Pipeline.builder().name(h.uniqueName())
                .source(h.source(h.spec(List.of(MARKER)).withLogin("tidemark_nobody", password)))
                .checkpointStore(CheckpointStore.inMemory()).handler(h.capture()).reconnectRetry(FAST_RECONNECT)
                .listener(disconnects));

        awaitFailed(p);
        assertThat(p.status().failure()).get().isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("tidemark_nobody").doesNotContain(password);
        });
        assertThat(disconnects.count()).as("a refused login is not retried").isZero();
    }

    /**
     * The promise both sources share today is the preflight. At start they differ: PostgreSQL fails
     * with a {@link SourceUnavailableException} naming the table, MySQL/MariaDB streams and captures
     * the table once it is created.
     */
    @Test
    void aMissingCapturedTableIsAFailingCheckThatNamesTheTable() {
        ChangeSource source = h.source(h.spec(List.of(MARKER, "no_such_table")));
        List<CheckResult> results = source.check(h.uniqueName(), Optional.empty());
        assertThat(results).filteredOn(r -> r.severity() == CheckResult.Severity.FAIL)
                .anySatisfy(r -> assertThat(r.name() + " " + r.message()).contains("no_such_table"));
    }

    @Test
    void aSourceWithoutTablesIsRefusedByItsBuilderWithConfigException() {
        assertThatThrownBy(() -> h.source(h.spec(List.of()))).isInstanceOf(ConfigException.class);
    }
}
