package dev.tidemark.engine;

import java.util.Optional;

/**
 * A destination that records how far it got, so that the pipeline can store that state with its
 * checkpoint and restore it after a crash (the {@code jsonl} sink records its file length and
 * cuts the file back to it). Called from the pipeline's thread only.
 */
public interface ChangeSink extends AutoCloseable {

    /** A name unique within the pipeline, under which its state is stored. */
    String id();

    /**
     * Called before the first batch with the state stored in the last checkpoint, or empty on a
     * first start, and again after a failed batch or checkpoint with the last stored state. The
     * sink must return to exactly that state, discarding anything written after it.
     */
    void open(Optional<String> committedState) throws Exception;

    /**
     * Writes the batch durably and returns the state to store with the checkpoint (empty when the
     * sink keeps none). After a failure, the pipeline reopens the sink and the same batch comes again.
     */
    Optional<String> write(ChangeBatch batch) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
