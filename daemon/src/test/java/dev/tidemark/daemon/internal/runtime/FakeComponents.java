package dev.tidemark.daemon.internal.runtime;

import dev.tidemark.daemon.internal.config.CheckpointConfig;
import dev.tidemark.daemon.internal.config.Kinds;
import dev.tidemark.daemon.internal.config.SinkConfig;
import dev.tidemark.daemon.internal.config.SourceConfig;
import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.spi.ChangeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Components for orchestration tests: scripted sources by pipeline name, sinks that count, and
 * checkpoint "databases" kept in memory. The real ones are covered by the PostgreSQL tests.
 */
public final class FakeComponents implements Components {
    private final Map<String, Supplier<ScriptedSource>> sources = new ConcurrentHashMap<>();
    public final Map<String, ScriptedSource> built = new ConcurrentHashMap<>();
    /** Counted down when the first source was built. */
    public final CountDownLatch sourceBuilt = new CountDownLatch(1);
    public final List<String> openedDatabases = new CopyOnWriteArrayList<>();
    public final AtomicInteger migrations = new AtomicInteger();
    public final AtomicInteger eventsWritten = new AtomicInteger();
    public final CheckpointStore store = CheckpointStore.inMemory();
    private final DefaultComponents real = new DefaultComponents();

    public FakeComponents source(String pipeline, Supplier<ScriptedSource> source) {
        sources.put(pipeline, source);
        return this;
    }

    @Override
    public ChangeSource source(String pipeline, SourceConfig config) {
        ScriptedSource s = sources.getOrDefault(pipeline, ScriptedSource::idle).get();
        built.put(pipeline, s);
        sourceBuilt.countDown();
        return s;
    }

    @Override
    public ChangeSink sink(String pipeline, SinkConfig config) {
        // the real sink's id (jsonl:<path>, stdout) without touching a file
        String id = Kinds.defaults().createSink(pipeline, config).id();
        return new ChangeSink() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void open(Optional<String> committedState) {
            }

            @Override
            public Optional<String> write(ChangeBatch batch) {
                eventsWritten.addAndGet(batch.size());
                return Optional.empty();
            }
        };
    }

    @Override
    public CheckpointDatabase openCheckpointDatabase(CheckpointConfig config) {
        if (config.database().url().contains("unreachable")) {
            throw new TidemarkException("cannot connect to the checkpoint database " + config.database().url());
        }
        openedDatabases.add(config.database().url() + "/" + config.schema());
        return new CheckpointDatabase() {
            @Override
            public CheckpointStore store() {
                return store;
            }

            @Override
            public void migrate() {
                migrations.incrementAndGet();
            }

            @Override
            public void close() {
            }
        };
    }
}
