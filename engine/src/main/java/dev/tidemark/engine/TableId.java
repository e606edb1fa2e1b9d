package dev.tidemark.engine;

import java.util.Objects;

/**
 * Identity of a captured table. PostgreSQL fills all three parts; MySQL/MariaDB have no schema
 * level, so {@code schema} is the empty string there and {@code database} holds the MySQL database.
 */
public record TableId(String database, String schema, String table) {
    public TableId {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
    }

    /** {@code schema.table}, or {@code database.table} when there is no schema. */
    public String qualifiedName() {
        return (schema.isEmpty() ? database : schema) + "." + table;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
