/**
 * SQL names as Tidemark reads them from configuration and writes them into statements:
 * {@link dev.tidemark.engine.sql.TableName} parses {@code schema.table} in SQL syntax, and
 * {@link dev.tidemark.engine.sql.SqlDialect} quotes identifiers for PostgreSQL and MySQL/MariaDB.
 * Every statement a source sends either binds names as parameters or quotes them through
 * {@link dev.tidemark.engine.sql.SqlDialect#quote(String)}.
 */
package dev.tidemark.engine.sql;
