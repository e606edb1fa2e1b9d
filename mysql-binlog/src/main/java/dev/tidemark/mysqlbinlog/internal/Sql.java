package dev.tidemark.mysqlbinlog.internal;

/** Literal quoting for MySQL/MariaDB; identifiers are quoted by the engine's one rule, {@code SqlDialect.MYSQL}. */
final class Sql {
    private Sql() {
    }

    /** A string literal in single quotes, for statements that take no bind parameters. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
