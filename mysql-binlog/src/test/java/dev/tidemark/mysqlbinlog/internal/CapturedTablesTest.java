package dev.tidemark.mysqlbinlog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captured tables match the binlog's names as the server's lower_case_table_names compares them. */
class CapturedTablesTest {
    private static final List<TableName> LISTED = TableName.parseAll(
            List.of("shop.Orders", "shop.`Order Lines`", "\"Sales\".\"Q1\""), SqlDialect.MYSQL);

    @Test
    void caseSensitiveServersMatchOnlyTheExactName() {
        CapturedTables exact = CapturedTables.of(LISTED, false);

        assertThat(exact.contains("shop", "Orders")).isTrue();
        assertThat(exact.contains("shop", "Order Lines")).isTrue();
        assertThat(exact.contains("Sales", "Q1")).isTrue();
        assertThat(exact.contains("shop", "orders")).isFalse();
        assertThat(exact.contains("sales", "q1")).isFalse();
        assertThat(exact.contains("shop", "Order")).isFalse();
        assertThat(exact.contains("", "Orders")).isFalse();
    }

    @Test
    void caseInsensitiveServersMatchNamesDifferingOnlyInCase() {
        CapturedTables folded = CapturedTables.of(LISTED, true);

        assertThat(folded.contains("shop", "orders")).isTrue();
        assertThat(folded.contains("SHOP", "ORDER LINES")).isTrue();
        assertThat(folded.contains("sales", "q1")).isTrue();
        assertThat(folded.contains("shop", "customers")).isFalse();
        assertThat(folded.same(LISTED.get(0), "shop", "orders")).isTrue();
    }
}
