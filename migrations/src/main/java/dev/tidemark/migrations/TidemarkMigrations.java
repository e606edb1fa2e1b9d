package dev.tidemark.migrations;

import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.migrations.internal.LiquibaseRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates and upgrades Tidemark's own tables (today: {@code checkpoints}) with the Liquibase changelog
 * {@value #CHANGELOG} on the class path.
 *
 * <p>Everything lives in one schema, {@value #DEFAULT_SCHEMA} unless told otherwise: the tables and
 * Liquibase's own {@code DATABASECHANGELOG}/{@code DATABASECHANGELOGLOCK}, so the user's default schema
 * is left alone. On MySQL and MariaDB the "schema" is a database of that name.
 *
 * <p>Applying is idempotent: changesets already recorded are skipped, and concurrent callers are
 * serialised by Liquibase's lock table. Projects with their own Liquibase changelog can include
 * {@value #CHANGELOG} instead and pass {@value #SCHEMA_PARAMETER} as a changelog parameter.
 *
 * <pre>{@code
 * TidemarkMigrations.apply(dataSource);              // schema "tidemark"
 * TidemarkMigrations.apply(dataSource, "cdc_state"); // another schema
 * }</pre>
 */
public final class TidemarkMigrations {
    /** Class-path location of the master changelog. */
    public static final String CHANGELOG = "db/changelog/tidemark.yaml";
    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = JdbcCheckpointStore.DEFAULT_SCHEMA;
    /** The changelog parameter naming the schema. */
    public static final String SCHEMA_PARAMETER = "tidemark.schema";

    private TidemarkMigrations() {
    }

    /** Applies the changelog to schema {@value #DEFAULT_SCHEMA} through a connection of the DataSource. */
    public static List<String> apply(DataSource dataSource) {
        return apply(dataSource, DEFAULT_SCHEMA);
    }

    /** Applies the changelog to {@code schema} through a connection of the DataSource, closed afterwards. */
    public static List<String> apply(DataSource dataSource, String schema) {
        checkSchemaName(schema);
        try (Connection c = dataSource.getConnection()) {
            return apply(c, schema);
        } catch (SQLException e) {
            throw new TidemarkException("cannot connect to apply Tidemark's migrations: " + e.getMessage()
                    + "; check the DataSource's URL and credentials", e);
        }
    }

    /** Applies the changelog to schema {@value #DEFAULT_SCHEMA} on the given connection. */
    public static List<String> apply(Connection connection) {
        return apply(connection, DEFAULT_SCHEMA);
    }

    /**
     * Applies the changelog to {@code schema} on the given connection, which stays open. The
     * migrations commit as they go, so the connection must carry no uncommitted work of the caller;
     * its auto-commit mode and current schema (PostgreSQL search_path, MySQL database) are restored.
     *
     * @return the ids of the changesets applied now, in order; empty when the schema was up to date
     */
    public static List<String> apply(Connection connection, String schema) {
        checkSchemaName(schema);
        return LiquibaseRunner.update(connection, schema);
    }

    /**
     * Rejects a schema name Tidemark will not use: only plain identifiers, which need no escaping in
     * the changelog's SQL and mean the same on every vendor.
     */
    private static void checkSchemaName(String schema) {
        JdbcCheckpointStore.checkSchema("schema", schema);
    }
}
