package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.TableId;
import dev.tidemark.testing.MariaDbExtension;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Table names in the source's list are SQL syntax: backticked or double-quoted parts hold spaces,
 * dots and quotes, unquoted parts keep their case, and each table's changes arrive under its exact
 * name. The statements Tidemark sends quote in backticks, whatever the configuration used.
 */
@Tag("mariadb")
class TableNamesTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();
    /** A second database with upper case in its name, unique on the shared server. */
    static final String SALES = "Sales_" + HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(4).putInt(ThreadLocalRandom.current().nextInt()).array());
    static final Capture capture = new Capture();
    static Pipeline pipeline;

    /** Each table as the server names it, and as the source's list writes it. */
    record Named(String database, String table, String written) {
        String sql() {
            return "`" + database.replace("`", "``") + "`.`" + table.replace("`", "``") + "`";
        }
    }

    static List<Named> tables() {
        String d = db.database();
        return List.of(
                new Named(d, "Order Lines", d + ".`Order Lines`"),
                new Named(SALES, "Q1", "\"" + SALES + "\".\"Q1\""),
                new Named(d, "v1.2", " " + d + " . \"v1.2\" "),
                new Named(d, "say \"hi\"", d + ".\"say \"\"hi\"\"\""),
                new Named(d, "a`b", d + ".`a``b`"),
                new Named(d, "MixedCase", d + ".MixedCase"),
                new Named(d, "orders", d + ".orders"));
    }

    @BeforeAll
    static void start() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE DATABASE `" + SALES + "`");
        for (Named t : tables()) {
            db.execute("CREATE TABLE " + t.sql() + " (id int PRIMARY KEY, v varchar(10))");
        }
        // not listed: with lower_case_table_names=0, the listed orders is not this table
        db.execute("CREATE TABLE `Orders` (id int PRIMARY KEY, v varchar(10))");
        MySqlBinlogSource.Builder source = Pipelines.source(db.server(), db.database());
        source.tables(tables().stream().map(Named::written).toList());
        pipeline = Pipelines.start("names", source.build(), CheckpointStore.inMemory(), capture, 1000);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        db.execute("DROP DATABASE IF EXISTS `" + SALES + "`");
    }

    @Test
    void theTestServerComparesTableNamesWithCase() {
        assertThat(String.valueOf(db.server().queryScalar("", "SELECT @@lower_case_table_names"))).isEqualTo("0");
    }

    @Test
    void changesOfEveryListedTableArriveUnderItsExactName() {
        db.execute("INSERT INTO `Orders` VALUES (99, 'no')");
        List<String> expected = new ArrayList<>();
        for (Named t : tables()) {
            db.execute("INSERT INTO " + t.sql() + " VALUES (1, 'a')", "UPDATE " + t.sql() + " SET v = 'b'",
                    "DELETE FROM " + t.sql());
            for (String op : List.of("CREATE", "UPDATE", "DELETE")) {
                expected.add(new TableId(t.database(), "", t.table()) + " " + op);
            }
        }
        List<ChangeEvent> events = capture.awaitEvents(expected.size());

        assertThat(events).extracting(e -> e.table() + " " + e.op()).containsExactlyElementsOf(expected);
        assertThat(events).allSatisfy(e -> assertThat(e.table().schema()).isEmpty());
        assertThat(events.get(1).after().get("v")).isEqualTo("b");
    }

    @Test
    void checkFindsAndReadsEveryListedTable() {
        MySqlBinlogSource source = Pipelines.source(db.server(), db.database())
                .tables(tables().stream().map(Named::written).toList()).build();
        List<CheckResult> tableChecks = source.check("names", Optional.empty()).stream()
                .filter(c -> c.name().startsWith("table ")).toList();

        assertThat(tableChecks).extracting(CheckResult::name).contains(
                "table " + db.database() + ".\"Order Lines\"", "table \"" + SALES + "\".\"Q1\"",
                "table " + db.database() + ".\"say \"\"hi\"\"\"", "table " + db.database() + ".\"MixedCase\"");
        assertThat(tableChecks).hasSize(tables().size() + 1).allSatisfy(c -> {
            assertThat(c.severity()).as(c.toString()).isEqualTo(CheckResult.Severity.OK);
            assertThat(c.message()).contains("exists and is readable");
        });
    }

    @Test
    void checkReportsATableWhoseCaseDiffersAsMissing() {
        db.execute("CREATE TABLE IF NOT EXISTS `Invoices` (id int PRIMARY KEY)");
        MySqlBinlogSource source = Pipelines.source(db.server(), db.database(), "invoices").build();

        assertThat(source.check("names", Optional.empty())).filteredOn(c -> c.name().equals("table " + db.database()
                + ".invoices")).singleElement().satisfies(c -> {
                    assertThat(c.severity()).isEqualTo(CheckResult.Severity.FAIL);
                    assertThat(c.message()).contains("does not exist").contains("lower_case_table_names is 0");
                });
    }

    @Test
    void theBuilderRejectsEveryMalformedTableNamingEachEntry() {
        assertThatThrownBy(() -> MySqlBinlogSource.builder().tables("shop.ok", "shop.Order Lines", "orders",
                "shop.`open", "shop.2024", "a.b.c"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactly(
                        m -> assertThat(m).startsWith("table 'shop.Order Lines'").endsWith("shop.\"Order Lines\""),
                        m -> assertThat(m).startsWith("table 'orders' has no database"),
                        m -> assertThat(m).startsWith("table 'shop.`open' has no closing `"),
                        m -> assertThat(m).startsWith("table 'shop.2024'").contains("all digits"),
                        m -> assertThat(m).startsWith("table 'a.b.c' has more than two parts")));
        assertThatThrownBy(() -> MySqlBinlogSource.builder().tables("shop.orders", "`shop`.\"orders\""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listed already");
    }
}
