/**
 * The PostgreSQL source: {@link dev.tidemark.pglogical.PgLogicalSource} reads logical replication
 * ({@code pgoutput}) through pgjdbc and plugs into {@link dev.tidemark.engine.Pipeline}.
 */
package dev.tidemark.pglogical;
