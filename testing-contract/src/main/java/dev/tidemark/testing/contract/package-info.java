/**
 * The behavioural contract of change sources, written once: {@link dev.tidemark.testing.contract.SourceContract}
 * is an abstract JUnit 5 suite that runs real pipelines against a real server, and each source's tests
 * subclass it with their server, their builder and their identifier quoting. Both PostgreSQL
 * ({@code PgLogicalSourceContractTest}) and MySQL/MariaDB ({@code MySqlBinlogSourceContractTest}) run it;
 * a new source inherits the specification by writing the same small subclass.
 */
package dev.tidemark.testing.contract;
