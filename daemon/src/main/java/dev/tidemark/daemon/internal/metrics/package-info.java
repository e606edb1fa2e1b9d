/** Micrometer meters fed by a pipeline listener, for the Prometheus endpoint. Not an API. */
package dev.tidemark.daemon.internal.metrics;
