/** The /health and /metrics HTTP endpoint. Not an API. */
package dev.tidemark.daemon.internal.http;
