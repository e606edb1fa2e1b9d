package dev.tidemark.mysqlbinlog.internal;

/** Identifier and literal quoting for MySQL/MariaDB, the one place that does it. */
final class Sql {
    private Sql() {
    }

    /** {@code `name`} with backticks doubled. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code db.table} quoted as {@code `db`.`table`}. */
    static String quote(String database, String table) {
        return quote(database) + "." + quote(table);
    }

    /** A string literal in single quotes, for statements that take no bind parameters. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
