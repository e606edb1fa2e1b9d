/**
 * Tidemark's database migrations: {@link dev.tidemark.migrations.TidemarkMigrations} applies the
 * Liquibase changelog {@code db/changelog/tidemark.yaml}, and this module's
 * {@link dev.tidemark.engine.spi.SchemaInstaller} lets {@code JdbcCheckpointStore} create its table
 * on first use when the module is on the class path.
 */
package dev.tidemark.migrations;
