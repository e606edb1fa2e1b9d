/**
 * Turns column values that pgoutput sends in PostgreSQL's text output format into the Java values
 * documented on {@link dev.tidemark.engine.Row}. Internal: not a supported API.
 *
 * <p>{@link dev.tidemark.pglogical.internal.types.PgTypeRegistry} caches {@code pg_type};
 * {@link dev.tidemark.pglogical.internal.types.PgValueDecoder} builds one
 * {@link dev.tidemark.pglogical.internal.types.TextDecoder} per column when a Relation message
 * arrives, so decoding a row does no lookups.
 */
package dev.tidemark.pglogical.internal.types;
