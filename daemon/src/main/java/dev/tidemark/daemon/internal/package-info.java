/**
 * Unsupported internals of the daemon: {@code config} (YAML to typed records), {@code cli}
 * (picocli commands), {@code runtime} (assembling and running pipelines), {@code http} and
 * {@code metrics}. Not an API: anything here may change in any release.
 */
package dev.tidemark.daemon.internal;
