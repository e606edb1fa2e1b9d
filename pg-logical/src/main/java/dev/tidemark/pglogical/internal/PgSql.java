package dev.tidemark.pglogical.internal;

/** PostgreSQL SQL text helpers: the one place identifiers and literals are quoted. */
public final class PgSql {
    private PgSql() {
    }

    /** Quotes an identifier, doubling embedded quotes: {@code my"t} becomes {@code "my""t"}. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"} from {@code schema.table} split at the first dot. */
    public static String qualified(String schemaDotTable) {
        int dot = schemaDotTable.indexOf('.');
        return quote(schemaDotTable.substring(0, dot)) + "." + quote(schemaDotTable.substring(dot + 1));
    }

    /** A string literal with single quotes doubled (standard_conforming_strings is on since 9.1). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
