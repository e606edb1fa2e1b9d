/** The YAML configuration: loading, ${VAR} substitution, typed binding and validation that reports every problem by key path. Not an API. */
package dev.tidemark.daemon.internal.config;
