package dev.tidemark.engine.sql;

import static dev.tidemark.engine.sql.SqlDialect.MYSQL;
import static dev.tidemark.engine.sql.SqlDialect.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How table names written in configuration are read: folding, quoting, and every error with its fix. */
class TableNameTest {

    @Test
    void postgresFoldsUnquotedPartsToLowerCaseAndKeepsQuotedOnes() {
        assertThat(TableName.parse("Public.Orders", POSTGRESQL)).isEqualTo(new TableName("public", "orders"));
        assertThat(TableName.parse("public.\"Orders\"", POSTGRESQL)).isEqualTo(new TableName("public", "Orders"));
        assertThat(TableName.parse("\"Sales\".\"Q1\"", POSTGRESQL)).isEqualTo(new TableName("Sales", "Q1"));
        // only ASCII letters fold, as the server does in a UTF-8 database
        assertThat(TableName.parse("public.ÄÖ_Ü", POSTGRESQL)).isEqualTo(new TableName("public", "ÄÖ_Ü"));
    }

    @Test
    void mysqlKeepsUnquotedPartsAsWritten() {
        assertThat(TableName.parse("Shop.Orders", MYSQL)).isEqualTo(new TableName("Shop", "Orders"));
        assertThat(TableName.parse("shop.2024_orders", MYSQL)).isEqualTo(new TableName("shop", "2024_orders"));
    }

    @Test
    void quotedPartsHoldSpacesDotsAndEscapedQuotes() {
        assertThat(TableName.parse("public.\"Order Lines\"", POSTGRESQL)).isEqualTo(new TableName("public", "Order Lines"));
        assertThat(TableName.parse("public.\"v1.2\"", POSTGRESQL)).isEqualTo(new TableName("public", "v1.2"));
        assertThat(TableName.parse("public.\"say \"\"hi\"\"\"", POSTGRESQL)).isEqualTo(new TableName("public", "say \"hi\""));
        assertThat(TableName.parse("shop.`Order Lines`", MYSQL)).isEqualTo(new TableName("shop", "Order Lines"));
        assertThat(TableName.parse("shop.`a``b`", MYSQL)).isEqualTo(new TableName("shop", "a`b"));
        assertThat(TableName.parse("`shop`.\"Q1\"", MYSQL)).isEqualTo(new TableName("shop", "Q1"));
        // inside double quotes a backtick is an ordinary character, and the other way round
        assertThat(TableName.parse("shop.\"a`b\"", MYSQL)).isEqualTo(new TableName("shop", "a`b"));
        assertThat(TableName.parse("shop.`a\"b`", MYSQL)).isEqualTo(new TableName("shop", "a\"b"));
    }

    @Test
    void whitespaceAroundPartsAndTheDotIsIgnored() {
        assertThat(TableName.parse("  public . \"Order Lines\"\t", POSTGRESQL))
                .isEqualTo(new TableName("public", "Order Lines"));
        assertThat(TableName.parse("\nshop .orders ", MYSQL)).isEqualTo(new TableName("shop", "orders"));
    }

    @Test
    void printsInTheSameSyntaxQuotingOnlyWhatNeedsIt() {
        assertThat(new TableName("public", "orders")).hasToString("public.orders");
        assertThat(new TableName("public", "Order Lines")).hasToString("public.\"Order Lines\"");
        assertThat(new TableName("Sales", "a\"b")).hasToString("\"Sales\".\"a\"\"b\"");
        assertThat(new TableName("shop", "2024")).hasToString("shop.\"2024\"");
    }

    @Test
    void convertsToAndFromTableIds() {
        TableName pg = TableName.parse("\"Sales\".\"Q1\"", POSTGRESQL);
        assertThat(pg.inDatabase("db")).isEqualTo(new TableId("db", "Sales", "Q1"));
        assertThat(TableName.of(new TableId("db", "Sales", "Q1"))).isEqualTo(pg);
        TableName my = TableName.parse("shop.`Order Lines`", MYSQL);
        assertThat(my.asDatabaseTable()).isEqualTo(new TableId("shop", "", "Order Lines"));
        assertThat(TableName.of(new TableId("shop", "", "Order Lines"))).isEqualTo(my);
    }

    @Test
    void quotesIdentifiersForEachDialect() {
        assertThat(POSTGRESQL.quote("my\"t")).isEqualTo("\"my\"\"t\"");
        assertThat(MYSQL.quote("my`t")).isEqualTo("`my``t`");
        assertThat(POSTGRESQL.quote(new TableName("public", "Order Lines"))).isEqualTo("\"public\".\"Order Lines\"");
        assertThat(MYSQL.quote(new TableName("shop", "a.b"))).isEqualTo("`shop`.`a.b`");
        assertThatThrownBy(() -> MYSQL.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> POSTGRESQL.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNameWithASpaceMustBeQuotedAndTheErrorShowsHow() {
        assertThat(problem("public.Order Lines", POSTGRESQL))
                .startsWith("table 'public.Order Lines' has the unquoted name Order Lines")
                .contains("double-quoted: public.\"Order Lines\"");
        assertThat(problem("My Shop.orders", MYSQL))
                .contains("(or backticked)").endsWith(": \"My Shop\".orders");
        assertThat(problem("public.order-lines", POSTGRESQL)).endsWith(": public.\"order-lines\"");
    }

    @Test
    void aNameWithADotMustBeQuoted() {
        assertThat(problem("public.v1.2", POSTGRESQL))
                .isEqualTo("table 'public.v1.2' has more than two parts; write it schema.table (e.g. public.orders or"
                        + " public.\"Order Lines\"), and quote a name that contains a dot (e.g. public.\"v1.2\")");
        assertThat(problem("shop.v1.2", MYSQL)).contains("database.table").contains("shop.`v1.2`");
    }

    @Test
    void rejectsNamesWithoutBothParts() {
        assertThat(problem("orders", POSTGRESQL)).startsWith("table 'orders' has no schema; write it schema.table");
        assertThat(problem("orders", MYSQL)).startsWith("table 'orders' has no database; write it database.table");
        assertThat(problem("public.", POSTGRESQL)).startsWith("table 'public.' has nothing after the dot");
        assertThat(problem(".orders", POSTGRESQL)).startsWith("table '.orders' has an empty first part");
        assertThat(problem("  ", POSTGRESQL)).startsWith("table '  ' is empty");
        assertThat(problem(null, MYSQL)).startsWith("table 'null' is empty");
    }

    @Test
    void rejectsUnclosedAndEmptyQuotes() {
        assertThat(problem("public.\"Orders", POSTGRESQL))
                .isEqualTo("table 'public.\"Orders' has no closing \" for the name opened at character 8; close it,"
                        + " and write a \" inside a name as \"\"");
        assertThat(problem("shop.`Orders", MYSQL)).contains("has no closing `");
        assertThat(problem("public.\"\"", POSTGRESQL)).contains("has an empty quoted name \"\"");
        assertThat(problem("\"Sales\"x.q1", POSTGRESQL))
                .contains("has 'x' right after the quoted name \"Sales\"").contains("write a \" inside it as \"\"");
        assertThat(problem("\"Sales\" x.q1", POSTGRESQL)).contains("unexpected 'x' after the quoted name \"Sales\"");
    }

    @Test
    void backticksAreMySqlOnly() {
        assertThat(problem("public.`Orders`", POSTGRESQL))
                .contains("backticks, which only MySQL/MariaDB use").endsWith("double quotes: public.\"Orders\"");
    }

    @Test
    void singleQuotesAreNotNameQuotes() {
        assertThat(problem("'public.orders'", POSTGRESQL)).contains("single quotes do not quote names");
        assertThat(problem("shop.'orders'", MYSQL)).contains("single quotes do not quote names");
    }

    @Test
    void rejectsUnquotedNamesTheServerWouldNotReadAsNames() {
        assertThat(problem("public.1st", POSTGRESQL))
                .contains("does not allow to start with '1'").endsWith("public.\"1st\"");
        assertThat(problem("public.$x", POSTGRESQL)).contains("start with '$'");
        assertThat(problem("shop.2024", MYSQL)).contains("all digits").endsWith("shop.\"2024\"");
    }

    @Test
    void rejectsNamesLongerThanTheServerKeeps() {
        assertThat(TableName.parse("public." + "a".repeat(63), POSTGRESQL).table()).hasSize(63);
        assertThat(problem("public." + "a".repeat(64), POSTGRESQL)).contains("of 64 bytes; PostgreSQL names are at most 63 bytes");
        // 32 two-byte characters are 64 bytes
        assertThat(problem("public.\"" + "é".repeat(32) + "\"", POSTGRESQL)).contains("of 64 bytes");
        assertThat(TableName.parse("shop." + "é".repeat(64), MYSQL).table()).hasSize(64);
        assertThat(problem("shop." + "a".repeat(65), MYSQL)).contains("more than 64 characters");
    }

    @Test
    void rejectsWhatNoServerAllowsInAName() {
        assertThat(problem("shop.`orders `", MYSQL)).contains("ending in a space");
        assertThat(TableName.parse("public.\"orders \"", POSTGRESQL).table()).isEqualTo("orders ");
        assertThat(problem("public.\"a\0b\"", POSTGRESQL)).contains("NUL character");
        assertThat(problem("shop.`a😀`", MYSQL)).contains("outside Unicode's Basic Multilingual Plane");
        assertThat(TableName.parse("public.\"a😀\"", POSTGRESQL).table()).isEqualTo("a😀");
    }

    @Test
    void parseAllReportsEveryBadEntry() {
        assertThatThrownBy(() -> TableName.parseAll(List.of("public.ok", "public.Order Lines", "orders"), POSTGRESQL))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                        .satisfiesExactly(p -> assertThat(p).startsWith("table 'public.Order Lines'"),
                                p -> assertThat(p).startsWith("table 'orders'")));
        assertThat(TableName.parseAll(List.of("a.b", "\"C\".d"), POSTGRESQL))
                .containsExactly(new TableName("a", "b"), new TableName("C", "d"));
    }

    @Test
    void aTableListNamesEachTableOnceAsTheServerFoldsIt() {
        assertThatThrownBy(() -> TableName.parseAll(List.of("public.orders", "Public.Orders"), POSTGRESQL))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "table 'Public.Orders' is public.orders, which is listed already; list each table once"));
        // MySQL keeps case, so these are two tables
        assertThat(TableName.parseAll(List.of("shop.orders", "shop.Orders"), MYSQL)).hasSize(2);
        List<TableName> listed = List.of(new TableName("public", "orders"));
        assertThatThrownBy(() -> TableName.parseMore(listed, List.of("public.items", "public.\"orders\""), POSTGRESQL))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("table 'public.\"orders\"' is public.orders, which is listed already"));
        assertThat(TableName.parseMore(listed, List.of("public.items"), POSTGRESQL))
                .containsExactly(new TableName("public", "items"));
    }

    private static String problem(String text, SqlDialect dialect) {
        try {
            TableName.parse(text, dialect);
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError("'" + text + "' parsed, but should not have");
    }
}
