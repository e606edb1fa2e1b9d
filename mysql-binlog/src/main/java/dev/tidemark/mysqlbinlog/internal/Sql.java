package dev.tidemark.mysqlbinlog.internal;

import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;

/** Literal quoting for MySQL/MariaDB; identifiers are quoted by the engine's one rule, {@link SqlDialect#MYSQL}. */
final class Sql {
    private Sql() {
    }

    /** {@code `db`.`table`}. */
    static String quote(TableName table) {
        return SqlDialect.MYSQL.quote(table);
    }

    /** A string literal in single quotes, for statements that take no bind parameters. */
    static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
