/**
 * Implementation of the PostgreSQL source: protocol parsing, transaction assembly, spill files,
 * slot and publication setup, the replication loop. Not an API.
 */
package dev.tidemark.pglogical.internal;
