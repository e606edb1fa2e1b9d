package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import liquibase.database.Database;

/**
 * What the contract tests write differently per vendor, so each vendor's test class only names its
 * extension and its dialect. On MySQL/MariaDB a "schema" is a database of the whole server.
 */
enum SqlDialect {
    POSTGRES("\"", "CREATE SCHEMA", "databasechangelog", "timestamp with time zone",
            column -> "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"),
    MARIADB("`", "CREATE DATABASE", "DATABASECHANGELOG", "datetime",
            column -> "DATE_FORMAT(" + column + ", '%Y-%m-%dT%H:%i:%s.%f')");

    private final String quote;
    private final String createSchema;
    /** Liquibase's history table, in the case Liquibase gives it on this vendor. */
    final String historyTable;
    /** information_schema's data_type of an instant column. */
    final String instantType;
    private final UnaryOperator<String> utcText;

    SqlDialect(String quote, String createSchema, String historyTable, String instantType,
            UnaryOperator<String> utcText) {
        this.quote = quote;
        this.createSchema = createSchema;
        this.historyTable = historyTable;
        this.instantType = instantType;
        this.utcText = utcText;
    }

    String qualified(String schema, String table) {
        return quote + schema + quote + "." + quote + table + quote;
    }

    /** SQL giving an instant column as UTC wall-clock text, {@code 2026-03-01T12:00:00.123456}. */
    String utcText(String column) {
        return utcText.apply(column);
    }

    void createSchema(DatabaseExtension<?> db, String name) {
        db.execute(createSchema + " " + quote + name + quote);
    }

    /** The schema that holds the user's own tables: PostgreSQL's public, MySQL's current database. */
    String userSchema(DatabaseExtension<?> db) {
        return this == POSTGRES ? "public" : db.database();
    }

    /** The session's name resolution: PostgreSQL's search_path, MySQL's current database. */
    String currentSchema(Connection c) throws Exception {
        if (this == MARIADB) {
            return c.getCatalog();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Points a user's Liquibase at the schema, as the user would. */
    void useAsDefault(Database database, String schema) throws Exception {
        if (this == POSTGRES) {
            database.setDefaultSchemaName(schema);
        } else {
            database.setDefaultCatalogName(schema);
        }
    }
}
