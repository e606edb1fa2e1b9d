package dev.tidemark.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a pipeline stores after each handled batch: the position it reached, each sink's state at
 * that moment (by {@link ChangeSink#id()}), and the commit time of the last event handled.
 *
 * @param lastCommitTime commit time of the last handled event, or null when none was handled yet
 */
public record Checkpoint(Position position, Map<String, String> sinkStates, Instant lastCommitTime) {
    public Checkpoint {
        Objects.requireNonNull(position, "position");
        sinkStates = Map.copyOf(sinkStates);
    }

    public static Checkpoint of(Position position) {
        return new Checkpoint(position, Map.of(), null);
    }
}
