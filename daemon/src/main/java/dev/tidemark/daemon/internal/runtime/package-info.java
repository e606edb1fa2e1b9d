/** Assembles pipelines from the configuration and runs them; the one place (Wiring) that names sinks, checkpoint store and migrations. Not an API. */
package dev.tidemark.daemon.internal.runtime;
