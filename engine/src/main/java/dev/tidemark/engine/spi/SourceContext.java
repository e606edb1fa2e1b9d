package dev.tidemark.engine.spi;

import dev.tidemark.engine.Position;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.Transaction;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the pipeline gives a running {@link ChangeSource}. Thread-safe. */
public interface SourceContext {

    String pipelineName();

    /** The position to resume after, from the stored checkpoint; empty on a first start. */
    Optional<Position> resumeAfter();

    /** The in-memory bound: a transaction with more events is emitted in parts of at most this many. */
    int maxBatchEvents();

    /**
     * Hands over a committed transaction (or part), waiting up to the timeout while the pipeline is
     * busy (backpressure). Returns false on timeout; the source should then keep its connection
     * alive and try again.
     */
    boolean emit(Transaction transaction, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Reports that the stream reached {@code position} with nothing to deliver (an idle source
     * skipping other databases' WAL). The pipeline checkpoints it in order and then acknowledges it.
     * Never blocks; returns false when the pipeline is busy, and the source may try later.
     */
    boolean heartbeat(Position position);

    /** False once the pipeline is stopping: {@link ChangeSource#run} should return soon. */
    boolean isRunning();

    RetryPolicy reconnectPolicy();

    PipelineListener listener();

    Clock clock();
}
