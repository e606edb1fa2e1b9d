package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open checkpoint databases, one per distinct (database, user, schema): pipelines that keep
 * their checkpoints in the same place share one pool. Not thread-safe; used from the command thread.
 */
public final class CheckpointDatabases implements AutoCloseable {
    private final Components components;
    private final Map<CheckpointConfig, CheckpointDatabase> open = new LinkedHashMap<>();

    public CheckpointDatabases(Components components) {
        this.components = components;
    }

    /** The database for this configuration, connecting on first use. */
    public CheckpointDatabase get(CheckpointConfig config) {
        // auto_migrate does not change where the table lives: key without it
        CheckpointConfig key = new CheckpointConfig(config.database(), config.schema(), false);
        CheckpointDatabase db = open.get(key);
        if (db == null) {
            db = components.openCheckpointDatabase(config);
            open.put(key, db);
        }
        return db;
    }

    /** Closes every pool, in reverse order of opening; never throws. */
    @Override
    public void close() {
        List<CheckpointDatabase> dbs = new ArrayList<>(open.values());
        open.clear();
        for (int i = dbs.size() - 1; i >= 0; i--) {
            try {
                dbs.get(i).close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CheckpointDatabases.class)
                        .warn("closing checkpoint database {} failed: {}", dbs.get(i), e.toString());
            }
        }
    }
}
