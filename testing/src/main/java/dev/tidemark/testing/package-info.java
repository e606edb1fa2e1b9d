/**
 * JUnit 5 fixtures for Tidemark's tests: private PostgreSQL ({@link dev.tidemark.testing.PostgresServer})
 * and MariaDB ({@link dev.tidemark.testing.MariaDbServer}) servers, and extensions that give each test
 * class its own database on them ({@link dev.tidemark.testing.PostgresExtension},
 * {@link dev.tidemark.testing.MariaDbExtension}). Tests run against real servers: when one cannot be
 * started the test fails with the server's log, it is never skipped.
 *
 * <p>Environment variables: {@code TIDEMARK_TEST_PG_URL} and {@code TIDEMARK_TEST_MYSQL_URL} point at
 * external servers; {@code TIDEMARK_TEST_USE_TESTCONTAINERS=true} uses Docker when it answers;
 * {@code TIDEMARK_TEST_PG_BIN} picks the PostgreSQL binaries; {@code TIDEMARK_TEST_WORKDIR} replaces
 * {@code target/} as the place for data directories; {@code TIDEMARK_TEST_KEEP_DATA=true} keeps them
 * after the JVM exits, for post-mortems.
 */
package dev.tidemark.testing;
