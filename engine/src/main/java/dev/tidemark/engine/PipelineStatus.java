package dev.tidemark.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a pipeline's progress, for status pages and metrics.
 *
 * @param lastCommitTime  commit time of the last handled event; empty before the first
 * @param lastCheckpoint  the last stored position; empty before the first
 */
public record PipelineStatus(String name, State state, long eventsHandled, long transactionsHandled,
                             Optional<Instant> lastCommitTime, Optional<Instant> lastHandledAt,
                             Optional<Position> lastCheckpoint, Optional<Throwable> failure) {

    public enum State { NEW, RUNNING, STOPPING, STOPPED, FAILED }
}
