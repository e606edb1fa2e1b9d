package dev.tidemark.engine.spi;

import java.sql.Connection;

/**
 * Creates or upgrades Tidemark's own tables in a JDBC database. {@code JdbcCheckpointStore} with
 * {@code autoMigrate} on looks one up with {@link java.util.ServiceLoader} and runs it once per store,
 * on first use, whether or not its table exists, so that an upgrade's new changesets are applied; the
 * {@code tidemark-migrations} module provides it (a Liquibase changelog), so the engine itself needs no
 * migration library.
 *
 * <p>Implementations must be idempotent and safe to run from several processes at once. They may
 * commit on the connection, which carries no work of anyone else, and must leave it open.
 */
public interface SchemaInstaller {

    /**
     * Brings {@code schema} (a PostgreSQL schema, or a MySQL/MariaDB database) up to date, creating it if
     * needed, and does nothing when it is up to date. Failures are thrown as unchecked {@code TidemarkException}s naming the fix.
     */
    void install(Connection connection, String schema);
}
