package dev.tidemark.engine.spi;

import dev.tidemark.engine.Position;

/**
 * A database change stream. The pipeline calls {@link #run} on a thread of its own; the source
 * connects, resumes after the context's checkpoint, and pushes committed transactions (whole, or in
 * parts when larger than {@link SourceContext#maxBatchEvents()}) until the context stops running.
 * It reconnects by itself after connection failures, using the context's reconnect policy.
 *
 * <p>The source must never release changes at the server (PostgreSQL flush LSN, binlog purge
 * guards) beyond the last position passed to {@link #acknowledge}.
 */
public interface ChangeSource extends AutoCloseable {

    /** The connector name for the envelope and checkpoints, e.g. {@code postgresql}. */
    String connector();

    /**
     * Streams until {@link SourceContext#isRunning()} turns false, then returns. Throws
     * {@link dev.tidemark.engine.TidemarkException} subclasses for conditions that retrying cannot
     * fix (misconfiguration, checkpoint conflicts).
     */
    void run(SourceContext context) throws Exception;

    /**
     * Everything at or before {@code position} is durably handled. Safe to call from any thread;
     * the source passes it on to the server at its next opportunity.
     */
    void acknowledge(Position position);

    /**
     * Preflight without streaming: connection, server settings, privileges, slot or binlog state.
     * {@code resumeAfter} is the pipeline's stored checkpoint, if any, to check against the server.
     */
    default java.util.List<dev.tidemark.engine.CheckResult> check(String pipeline, java.util.Optional<Position> resumeAfter) {
        return java.util.List.of();
    }

    /** Facts for {@code tidemark status}, read from the server without streaming. */
    default dev.tidemark.engine.SourceStatus inspect(String pipeline) {
        return new dev.tidemark.engine.SourceStatus(connector(), java.util.OptionalLong.empty(), java.util.Map.of());
    }

    /**
     * {@link #inspect(String)} knowing the pipeline's stored checkpoint, so that a source whose
     * server keeps no per-reader position (MySQL/MariaDB) can still say how far behind it is.
     */
    default dev.tidemark.engine.SourceStatus inspect(String pipeline, java.util.Optional<Position> checkpoint) {
        return inspect(pipeline);
    }

    /** Releases connections; called once after {@link #run} returned. */
    @Override
    default void close() throws Exception {
    }
}
