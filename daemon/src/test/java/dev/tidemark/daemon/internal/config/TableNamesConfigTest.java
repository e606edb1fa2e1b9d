package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.sql.TableName;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.pglogical.PgLogicalSource;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tables:} entries in SQL syntax as a YAML user writes them (single-quoted YAML strings
 * holding double quotes or backticks): bound, handed to the source as the right {@link TableName},
 * refused at their item with the source's words, and printed back in a form that pastes into the file.
 */
class TableNamesConfigTest {

    private static List<String> problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> Yaml.parse(yaml)).problems();
    }

    private static TidemarkConfig postgres(String tablesLines) {
        return Yaml.parse(Yaml.source(tablesLines));
    }

    private static TidemarkConfig mysql(String tablesLines) {
        return Yaml.parse(Yaml.source(tablesLines).replace("type: postgres", "type: mysql")
                .replace("jdbc:postgresql://127.0.0.1:5432/shop", "jdbc:mariadb://127.0.0.1:3306/shop"));
    }

    private static List<TableName> pgTables(TidemarkConfig config) {
        PostgresSourceKind.Config c = (PostgresSourceKind.Config) config.pipelines().get(0).source();
        return ((PgLogicalSource) new PostgresSourceKind().create("shop", c)).config().tables();
    }

    private static List<TableName> mysqlTables(TidemarkConfig config) {
        MysqlSourceKind.Config c = (MysqlSourceKind.Config) config.pipelines().get(0).source();
        return ((MySqlBinlogSource) new MysqlSourceKind().create("shop", c)).config().tables();
    }

    @Test
    void quotedPostgresNamesInABlockListReachTheSourceWithTheirCaseAndSpaces() {
        TidemarkConfig config = postgres("""
                tables:
                  - 'public."Order Lines"'
                  - '"Sales"."Q1"'
                  - Public.Orders
                  - public."say ""hi""\"
                """);

        assertThat(pgTables(config)).containsExactly(new TableName("public", "Order Lines"),
                new TableName("Sales", "Q1"), new TableName("public", "orders"), new TableName("public", "say \"hi\""));
    }

    @Test
    void quotedPostgresNamesInAFlowListBindAsTheReadmeWritesThem() {
        TidemarkConfig config = postgres("tables: ['\"Sales\".\"Q1\"', public.\"Order Lines\"]");

        assertThat(pgTables(config)).containsExactly(new TableName("Sales", "Q1"),
                new TableName("public", "Order Lines"));
    }

    @Test
    void backtickedAndDoubleQuotedMysqlNamesReachTheSourceAsWritten() {
        TidemarkConfig config = mysql("""
                tables:
                  - 'shop.`Order Lines`'
                  - '"shop"."Q1"'
                  - shop.Orders
                  - '`we``ird`.t'
                """);

        // MySQL/MariaDB keep an unquoted part's case: the server's case rule decides at capture time
        assertThat(mysqlTables(config)).containsExactly(new TableName("shop", "Order Lines"),
                new TableName("shop", "Q1"), new TableName("shop", "Orders"), new TableName("we`ird", "t"));
    }

    @Test
    void aMalformedEntryIsReportedAtItsItemWithTheSourcesFix() {
        List<String> unclosed = problems(Yaml.source("""
                tables:
                  - public.orders
                  - 'public."Order Lines'
                """));
        assertThat(unclosed).singleElement().asString().startsWith("pipelines[0].source.tables[1]: ")
                .contains("public.\"Order Lines").contains("close it");

        List<String> spaced = problems(Yaml.source("""
                tables:
                  - public.orders
                  - public.Order Lines
                """));
        assertThat(spaced).singleElement().asString().startsWith("pipelines[0].source.tables[1]: ")
                .contains("public.Order Lines").contains("public.\"Order Lines\"");
    }

    @Test
    void everyMalformedEntryIsReportedAtOnceEachAtItsItem() {
        assertThat(problems(Yaml.source("""
                tables:
                  - 'public."Order Lines'
                  - public.orders
                  - public.Order Lines
                """))).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("pipelines[0].source.tables[0]: "))
                .anySatisfy(p -> assertThat(p).startsWith("pipelines[0].source.tables[2]: "));
    }

    @Test
    void namesThatFoldToTheSameTableAreListedTwice() {
        // PostgreSQL folds unquoted parts: Public.Orders and public.orders are one table
        assertThat(problems(Yaml.source("""
                tables:
                  - public.orders
                  - Public.Orders
                """))).singleElement().asString().startsWith("pipelines[0].source.tables[1]: ")
                .contains("Public.Orders").contains("listed already");
        assertThat(problems(Yaml.source("tables: [public.orders, 'public.\"orders\"']"))).singleElement().asString()
                .startsWith("pipelines[0].source.tables[1]: ").contains("listed already");
    }

    @Test
    void quotedNamesOfOtherCaseAreOtherTables() {
        TidemarkConfig config = postgres("tables: [public.orders, 'public.\"Orders\"']");

        assertThat(pgTables(config)).containsExactly(new TableName("public", "orders"),
                new TableName("public", "Orders"));
    }

    @Test
    void mysqlKeepsCaseSoOtherCaseIsAnotherEntry() {
        TidemarkConfig config = mysql("tables: [shop.orders, shop.Orders]");

        assertThat(mysqlTables(config)).containsExactly(new TableName("shop", "orders"),
                new TableName("shop", "Orders"));
    }

    /** The {@code tables [...]} part of the effective-config line of the first pipeline. */
    private static String describedTables(TidemarkConfig config) {
        String line = EffectiveConfig.describe(config).get(0);
        Matcher m = Pattern.compile(", tables (\\[.*?\\]), (slot|server_id) ").matcher(line);
        assertThat(m.find()).as("tables in %s", line).isTrue();
        return m.group(1);
    }

    @Test
    void theEffectiveConfigPrintsPostgresTablesInSqlSyntaxThatPastesBackIntoTheFile() {
        TidemarkConfig config = postgres("""
                tables:
                  - 'public."Order Lines"'
                  - '"Sales"."Q1"'
                  - Public.Orders
                  - 'public."a, b"'
                  - public."it's"
                """);

        String printed = describedTables(config);

        assertThat(printed).isEqualTo("['public.\"Order Lines\"', '\"Sales\".\"Q1\"', public.orders,"
                + " 'public.\"a, b\"', 'public.\"it''s\"']");
        assertThat(pgTables(postgres("tables: " + printed))).isEqualTo(pgTables(config));
    }

    @Test
    void theEffectiveConfigPrintsMysqlTablesInSqlSyntaxThatPastesBackIntoTheFile() {
        TidemarkConfig config = mysql("tables: ['shop.`Order Lines`', shop.Orders, shop.orders, '`a\"b`.t']");

        String printed = describedTables(config);

        assertThat(printed).isEqualTo("['shop.\"Order Lines\"', 'shop.\"Orders\"', shop.orders, '\"a\"\"b\".t']");
        assertThat(mysqlTables(mysql("tables: " + printed))).isEqualTo(mysqlTables(config));
    }
}
