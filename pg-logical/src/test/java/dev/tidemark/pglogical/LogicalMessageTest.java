package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.LogicalMessage;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code pg_logical_emit_message}: inside transactions as MESSAGE events, outside as transactions of their own. */
@Tag("postgres")
class LogicalMessageTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static PgHarness harness;
    private static Pipeline pipeline;
    private static final Capture capture = new Capture();

    @BeforeAll
    static void startPipeline() {
        pg.execute("CREATE TABLE \"orders\" (\"id\" int PRIMARY KEY)");
        harness = new PgHarness(pg);
        String name = PgHarness.uniqueName("msg");
        pipeline = harness.startStreaming(harness.pipeline(name, harness.source("public.orders").build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
    }

    @AfterAll
    static void stopPipeline() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Each test waits for everything it wrote, so the next one starts from an empty capture. */
    @BeforeEach
    void forgetEarlierEvents() {
        capture.clear();
    }

    @Test
    void aTransactionalMessageIsAnEventOfItsTransactionInOrder() {
        pg.execute("BEGIN; INSERT INTO \"orders\" VALUES (1);"
                + " SELECT pg_logical_emit_message(true, 'audit', 'user=alice');"
                + " SELECT pg_logical_emit_message(true, 'binary', '\\x00ff7f'::bytea);"
                + " INSERT INTO \"orders\" VALUES (2); COMMIT");
        List<ChangeEvent> events = PgHarness.awaitEvents(pipeline, capture, 4);

        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.MESSAGE,
                Operation.MESSAGE, Operation.CREATE);
        ChangeEvent message = events.get(1);
        assertThat(message.message()).isEqualTo(new LogicalMessage("audit", "user=alice".getBytes(StandardCharsets.UTF_8), true));
        assertThat(message.table()).isNull();
        assertThat(message.txId()).isNotNull().isEqualTo(events.get(0).txId());
        assertThat(message.totalOrder()).isEqualTo(2);
        assertThat(((PgPosition) message.position()).index()).isEqualTo(2);
        assertThat(events.get(2).message().content()).containsExactly(0x00, 0xff, 0x7f);
        assertThat(capture.transactions()).hasSize(1);
    }

    @Test
    void aNonTransactionalMessageIsATransactionOfItsOwnWithoutId() {
        pg.execute("SELECT pg_logical_emit_message(false, 'ping', 'hello')");
        List<Transaction> txs = awaitTransactions(1);

        Transaction tx = txs.get(0);
        assertThat(tx.id()).isNull();
        assertThat(tx.isWhole()).isTrue();
        assertThat(tx.events()).hasSize(1);
        ChangeEvent e = tx.events().get(0);
        assertThat(e.op()).isEqualTo(Operation.MESSAGE);
        assertThat(e.txId()).isNull();
        assertThat(e.totalOrder()).isZero();
        assertThat(e.message()).isEqualTo(new LogicalMessage("ping", "hello".getBytes(StandardCharsets.UTF_8), false));
        assertThat(((SourceInfo.Pg) e.source()).xid()).isZero();
    }

    @Test
    void aRolledBackTransactionKeepsItsNonTransactionalMessagesOnly() {
        pg.execute("BEGIN; INSERT INTO \"orders\" VALUES (10);"
                + " SELECT pg_logical_emit_message(true, 'lost', 'x');"
                + " SELECT pg_logical_emit_message(false, 'kept', 'y'); ROLLBACK",
                "INSERT INTO \"orders\" VALUES (11)");
        List<Transaction> txs = awaitTransactions(2);

        assertThat(txs.get(0).id()).isNull();
        assertThat(txs.get(0).events().get(0).message().prefix()).isEqualTo("kept");
        assertThat(txs.get(1).events()).singleElement().satisfies(e -> assertThat(e.after().get("id")).isEqualTo(11));
    }

    @Test
    void tidemarksOwnHeartbeatMessagesAreNotDelivered() {
        pg.execute("SELECT pg_logical_emit_message(false, 'tidemark_heartbeat', '')",
                "SELECT pg_logical_emit_message(false, 'after', '')");
        List<Transaction> txs = awaitTransactions(1);

        assertThat(txs).singleElement().satisfies(t -> assertThat(t.events().get(0).message().prefix()).isEqualTo("after"));
    }

    private static List<Transaction> awaitTransactions(int n) {
        PgHarness.until(pipeline, () -> capture.transactions().size() >= n);
        return capture.transactions();
    }
}
