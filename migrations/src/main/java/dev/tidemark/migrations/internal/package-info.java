/** Liquibase plumbing behind {@link dev.tidemark.migrations.TidemarkMigrations}. Unsupported API. */
package dev.tidemark.migrations.internal;
