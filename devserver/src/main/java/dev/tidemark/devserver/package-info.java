/**
 * Throwaway databases for development and demos: {@link dev.tidemark.devserver.ThrowawayPostgres} and
 * {@link dev.tidemark.devserver.ThrowawayMariaDb} start a private server from the binaries installed on
 * the machine and remove it again. They are what {@code tidemark demo} runs on, and what Tidemark's test
 * fixtures build their local servers on.
 *
 * <p>Not for production data: the servers trade durability for speed ({@code fsync} off, no binlog
 * sync) and let their superuser in from 127.0.0.1 without a password.
 */
package dev.tidemark.devserver;
