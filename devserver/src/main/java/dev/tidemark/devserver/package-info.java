/**
 * A throwaway PostgreSQL for development and demos: {@link dev.tidemark.devserver.ThrowawayPostgres}
 * starts a private server from the binaries installed on the machine and removes it again. It is what
 * {@code tidemark demo} runs on, and what Tidemark's test fixtures build their local servers on.
 *
 * <p>Not for production data: the server runs with {@code fsync} off and trusts every connection from
 * 127.0.0.1.
 */
package dev.tidemark.devserver;
