package dev.tidemark.testing;

/** Where a test server comes from; chosen once per JVM from the environment (see {@link PostgresServer}). */
public enum ServerKind {
    /** A private server started from the binaries installed on this machine, data under {@code target/}. */
    LOCAL,
    /** A server someone else runs, named by {@code TIDEMARK_TEST_PG_URL} or {@code TIDEMARK_TEST_MYSQL_URL}. */
    EXTERNAL,
    /** A Testcontainers container, when {@code TIDEMARK_TEST_USE_TESTCONTAINERS=true} and Docker answers. */
    CONTAINER
}
