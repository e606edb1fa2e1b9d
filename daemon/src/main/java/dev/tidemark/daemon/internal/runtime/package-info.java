/** Hosts the parts of every configured section (pipelines first) under one lifecycle; Wiring names the checkpoint store and migrations. Not an API. */
package dev.tidemark.daemon.internal.runtime;
