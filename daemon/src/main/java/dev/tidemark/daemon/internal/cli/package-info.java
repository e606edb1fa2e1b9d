/** The picocli commands (run, check, status, migrate, demo), exit codes and signal handling. Not an API. */
package dev.tidemark.daemon.internal.cli;
