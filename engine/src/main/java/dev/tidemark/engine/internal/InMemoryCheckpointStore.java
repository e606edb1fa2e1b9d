package dev.tidemark.engine.internal;

import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Checkpoints in a map; nothing survives the JVM. */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private final ConcurrentMap<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    @Override
    public Optional<Checkpoint> load(String pipeline) {
        return Optional.ofNullable(checkpoints.get(pipeline));
    }

    @Override
    public void save(String pipeline, Checkpoint checkpoint) {
        checkpoints.put(pipeline, checkpoint);
    }
}
