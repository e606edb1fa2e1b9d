package dev.tidemark.engine.sql;

import java.util.Objects;

/**
 * The SQL dialects Tidemark reads from, with the one identifier-quoting rule of each. Quoting
 * always, rather than only when needed, means a name never has to be checked against a
 * vendor's list of reserved words and keeps its case exactly.
 */
public enum SqlDialect {
    /**
     * PostgreSQL: identifiers in double quotes, an embedded {@code "} doubled. Unquoted names fold
     * to lower case (ASCII letters only, as the server does in UTF-8 databases).
     */
    POSTGRESQL('"'),
    /**
     * MySQL and MariaDB: identifiers in backticks, an embedded {@code `} doubled (backticks work
     * whatever the session's {@code sql_mode}; double quotes only under {@code ANSI_QUOTES}).
     * Unquoted names are kept as written.
     */
    MYSQL('`');

    private final char quote;

    SqlDialect(char quote) {
        this.quote = quote;
    }

    /**
     * The identifier quoted for a statement of this dialect: {@code my"t} becomes {@code "my""t"}
     * (PostgreSQL) and {@code my`t} becomes {@code `my``t`} (MySQL/MariaDB).
     *
     * @throws IllegalArgumentException when the identifier is empty or holds a NUL character,
     *                                  which no server accepts in a name
     */
    public String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier must be non-empty and hold no NUL character");
        }
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    /** The table's two parts, each quoted: {@code "public"."Order Lines"} or {@code `shop`.`Order Lines`}. */
    public String quote(TableName table) {
        return quote(table.schema()) + "." + quote(table.table());
    }
}
