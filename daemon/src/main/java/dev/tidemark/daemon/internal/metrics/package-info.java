/** The {@code tidemark} command's metrics code. Not an API: only {@link dev.tidemark.daemon.Main} is meant to be called. */
package dev.tidemark.daemon.internal.metrics;
