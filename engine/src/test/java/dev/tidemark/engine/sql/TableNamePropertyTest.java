package dev.tidemark.engine.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any name a server can hold survives being quoted or printed and parsed back, on both dialects:
 * names with quotes, backticks, dots, spaces, upper case and non-ASCII letters, and on PostgreSQL
 * characters outside the BMP.
 */
class TableNamePropertyTest {

    @Property
    void postgresQuotingParsesBackToTheSameName(@ForAll("pgNames") String schema, @ForAll("pgNames") String table) {
        TableName name = new TableName(schema, table);
        assertThat(TableName.parse(SqlDialect.POSTGRESQL.quote(name), SqlDialect.POSTGRESQL)).isEqualTo(name);
    }

    @Property
    void mysqlQuotingParsesBackToTheSameName(@ForAll("mysqlNames") String database, @ForAll("mysqlNames") String table) {
        TableName name = new TableName(database, table);
        assertThat(TableName.parse(SqlDialect.MYSQL.quote(name), SqlDialect.MYSQL)).isEqualTo(name);
    }

    @Property
    void thePrintedFormParsesBackOnPostgres(@ForAll("pgNames") String schema, @ForAll("pgNames") String table) {
        TableName name = new TableName(schema, table);
        assertThat(TableName.parse(name.toString(), SqlDialect.POSTGRESQL)).isEqualTo(name);
    }

    @Property
    void thePrintedFormParsesBackOnMySql(@ForAll("mysqlNames") String schema, @ForAll("mysqlNames") String table) {
        TableName name = new TableName(schema, table);
        assertThat(TableName.parse(name.toString(), SqlDialect.MYSQL)).isEqualTo(name);
    }

    @Property
    void whitespaceAroundThePartsChangesNothing(@ForAll("pgNames") String schema, @ForAll("pgNames") String table,
                                                @ForAll("spaces") String a, @ForAll("spaces") String b,
                                                @ForAll("spaces") String c, @ForAll("spaces") String d) {
        TableName name = new TableName(schema, table);
        SqlDialect pg = SqlDialect.POSTGRESQL;
        assertThat(TableName.parse(a + pg.quote(schema) + b + "." + c + pg.quote(table) + d, pg)).isEqualTo(name);
    }

    @Property
    void unquotedPostgresNamesFoldToLowerCase(@ForAll("plainNames") String schema, @ForAll("plainNames") String table) {
        assertThat(TableName.parse(schema + "." + table, SqlDialect.POSTGRESQL))
                .isEqualTo(new TableName(schema.toLowerCase(java.util.Locale.ROOT), table.toLowerCase(java.util.Locale.ROOT)));
        assertThat(TableName.parse(schema + "." + table, SqlDialect.MYSQL)).isEqualTo(new TableName(schema, table));
    }

    @Provide
    Arbitrary<String> pgNames() {
        return names().filter(TableNamePropertyTest::fitsPostgres);
    }

    @Provide
    Arbitrary<String> mysqlNames() {
        return names().filter(s -> s.codePointCount(0, s.length()) <= 64 && !s.endsWith(" ")
                && s.codePoints().noneMatch(Character::isSupplementaryCodePoint));
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(' ', '\t', '\n').ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> plainNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars('_').ofMinLength(1)
                .ofMaxLength(20);
    }

    /** Characters that are special to the syntax come up often; any other non-NUL character may too. */
    private static Arbitrary<String> names() {
        Arbitrary<Character> special = Arbitraries.of('"', '`', '.', ' ', '\'', '$', '_', 'A', 'z', '9', 'é', 'Ω');
        Arbitrary<String> piece = Arbitraries.oneOf(
                special.map(String::valueOf),
                Arbitraries.chars().range('\u0001', '\uD7FF').map(String::valueOf),
                Arbitraries.of("😀", "𝔘"));
        return piece.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
    }

    private static boolean fitsPostgres(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length <= 63;
    }
}
