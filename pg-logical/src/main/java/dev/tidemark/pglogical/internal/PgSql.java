package dev.tidemark.pglogical.internal;

import dev.tidemark.engine.sql.SqlDialect;
import dev.tidemark.engine.sql.TableName;

/** PostgreSQL SQL text helpers; identifiers are quoted by the engine's one rule, {@link SqlDialect#POSTGRESQL}. */
public final class PgSql {
    private PgSql() {
    }

    /** Quotes an identifier, doubling embedded quotes: {@code my"t} becomes {@code "my""t"}. */
    public static String quote(String identifier) {
        return SqlDialect.POSTGRESQL.quote(identifier);
    }

    /** {@code "schema"."table"}. */
    public static String qualified(TableName table) {
        return SqlDialect.POSTGRESQL.quote(table);
    }
}
