/**
 * The benchmark runner behind {@code benchmarks/run.sh}: the standard PostgreSQL CDC workload (W1
 * inserts, W2 updates and deletes, transactions of 1,000 rows), readers measured one at a time, each
 * in its own child JVM, and an end-to-end latency probe. Not a library: nothing here is API, and a
 * normal build only compiles it.
 *
 * <p>Entry points: {@link dev.tidemark.benchmarks.Bench} (the orchestrator), {@link
 * dev.tidemark.benchmarks.ReaderMain} and {@link dev.tidemark.benchmarks.LatencyReader} (the child JVMs).
 */
package dev.tidemark.benchmarks;
