/**
 * JDBC plumbing of the checkpoint store: per-vendor SQL (one class per vendor), identifier rules,
 * error classification and the sink-state JSON. Unsupported API.
 */
package dev.tidemark.engine.internal.jdbc;
