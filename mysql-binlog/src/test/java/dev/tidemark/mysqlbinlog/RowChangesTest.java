package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.MariaDbExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inserts, updates, deletes and multi-table transactions arrive whole, in commit order, with their provenance. */
@Tag("mariadb")
class RowChangesTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();
    static final Capture capture = new Capture();
    static Pipeline pipeline;

    @BeforeAll
    static void start() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, customer varchar(40), amount decimal(12,2))",
                "CREATE TABLE customers (id int PRIMARY KEY, name varchar(40))",
                "CREATE TABLE ignored (id int PRIMARY KEY)");
        pipeline = Pipelines.start("rows", Pipelines.source(db.server(), db.database(), "orders", "customers").build(),
                CheckpointStore.inMemory(), capture, 1000);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
    }

    @AfterAll
    static void stop() {
        pipeline.stop();
    }

    @Test
    void insertsUpdatesAndDeletesArriveWithBeforeAndAfterRows() throws Exception {
        int before = capture.events().size();
        db.execute("INSERT INTO orders (customer, amount) VALUES ('ann', 12.50)",
                "UPDATE orders SET amount = 13.00 WHERE customer = 'ann'",
                "DELETE FROM orders WHERE customer = 'ann'",
                "INSERT INTO ignored VALUES (1)");
        List<ChangeEvent> events = capture.awaitEvents(before + 3).subList(before, before + 3);
        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
        ChangeEvent ins = events.get(0);
        assertThat(ins.table().database()).isEqualTo(db.database());
        assertThat(ins.table().table()).isEqualTo("orders");
        assertThat(ins.after().get("customer")).isEqualTo("ann");
        assertThat(ins.after().get("amount")).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThat(ins.after().schema().columns().get(0).key()).isTrue();
        assertThat(ins.after().schema().columns().get(0).type()).isEqualTo("bigint");
        ChangeEvent upd = events.get(1);
        assertThat(upd.before().get("amount")).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThat(upd.after().get("amount")).isEqualTo(new java.math.BigDecimal("13.00"));
        assertThat(events.get(2).before().get("id")).isEqualTo(ins.after().get("id"));
        SourceInfo.Binlog src = (SourceInfo.Binlog) ins.source();
        assertThat(src.connector()).isEqualTo("mariadb");
        assertThat(src.serverId()).isEqualTo(db.server().queryScalar("", "SELECT @@server_id") instanceof Number n ? n.longValue() : -1);
        assertThat(src.gtid()).matches("\\d+-\\d+-\\d+");
        assertThat(src.file()).startsWith("mariadb-bin.");
        assertThat(ins.txId()).isEqualTo(src.gtid());
        BinlogPosition pos = (BinlogPosition) ins.position();
        assertThat(pos.gtidSet()).contains(src.gtid());
        // the marker commits after the insert into the uncaptured table: once it is here, that insert had its chance
        Pipelines.sync(db.server(), db.database(), capture);
        assertThat(capture.events()).noneMatch(e -> e.table().table().equals("ignored"));
    }

    @Test
    void aMinimalRowImageMarksTheColumnsItLeftOutAsUnavailable() throws Exception {
        int before = capture.events().size();
        try (var c = db.connection(); var st = c.createStatement()) {
            st.execute("INSERT INTO orders (id, customer, amount) VALUES (500, 'min', 1.00)");
            st.execute("SET SESSION binlog_row_image = 'MINIMAL'");
            st.execute("UPDATE orders SET amount = 2.00 WHERE id = 500");
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 2).subList(before, before + 2);
        ChangeEvent upd = events.get(1);
        assertThat(upd.before().get("id")).isEqualTo(500L);
        assertThat(upd.before().isAvailable(upd.before().schema().indexOf("customer"))).isFalse();
        assertThat(upd.after().get("amount")).isEqualTo(new java.math.BigDecimal("2.00"));
        assertThat(upd.after().get("customer")).isSameAs(dev.tidemark.engine.Row.UNAVAILABLE);
        assertThat(dev.tidemark.engine.json.JsonEnvelope.builder().pipeline("rows").build().toJson(upd))
                .contains("\"customer\":\"__debezium_unavailable_value\"");
    }

    @Test
    void aMultiTableTransactionArrivesAsOneTransactionInStatementOrder() throws Exception {
        int before = capture.events().size();
        try (var c = db.connection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("INSERT INTO customers VALUES (1, 'bob')");
                st.execute("INSERT INTO orders (customer, amount) VALUES ('bob', 1.00), ('bob', 2.00)");
                st.execute("UPDATE customers SET name = 'bobby' WHERE id = 1");
            }
            c.commit();
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 4).subList(before, before + 4);
        assertThat(events).extracting(e -> e.table().table() + ":" + e.op().code())
                .containsExactly("customers:c", "orders:c", "orders:c", "customers:u");
        assertThat(events).extracting(ChangeEvent::txId).containsOnly(events.get(0).txId());
        assertThat(events).extracting(ChangeEvent::totalOrder).containsExactly(1L, 2L, 3L, 4L);
        Transaction tx = capture.transactions().stream().filter(t -> t.events().contains(events.get(0))).findFirst().orElseThrow();
        assertThat(tx.isWhole()).isTrue();
        assertThat(tx.events()).hasSize(4);
        assertThat(tx.endPosition().isTransactionEnd()).isTrue();
        assertThat(((SourceInfo.Binlog) events.get(2).source()).row()).isEqualTo(1);
    }
}
