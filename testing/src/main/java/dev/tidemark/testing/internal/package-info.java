/**
 * Implementation of the test fixtures: how servers are found, started, reached and cleaned up.
 * Unsupported: use the types of {@code dev.tidemark.testing} instead.
 */
package dev.tidemark.testing.internal;
