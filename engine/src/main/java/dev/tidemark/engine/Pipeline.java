package dev.tidemark.engine;

import dev.tidemark.engine.internal.PipelineRunner;
import dev.tidemark.engine.spi.ChangeSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One change stream from a source to its handler or sinks, with checkpoints.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *     .name("shop")
 *     .source(PgLogicalSource.builder().url(url).user("cdc").tables("public.orders").build())
 *     .checkpointStore(JdbcCheckpointStore.create(dataSource))
 *     .handler(batch -> batch.events().forEach(System.out::println))
 *     .build();
 * pipeline.start();
 * ...
 * pipeline.stop();   // finishes the batch in hand, checkpoints, returns
 * }</pre>
 *
 * <p>Threads: the source reads on one thread, the handler runs on another; a bounded queue between
 * them ({@link Builder#queueCapacityEvents}) applies backpressure to the source. A pipeline runs
 * once: after it stopped, build a new one to resume from its checkpoint.
 */
public final class Pipeline implements AutoCloseable {
    private final PipelineRunner runner;

    private Pipeline(PipelineRunner runner) {
        this.runner = runner;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return runner.name();
    }

    /** Starts the source and handler threads and returns; errors arrive via {@link #awaitTermination}. */
    public void start() {
        runner.start();
    }

    /**
     * Starts (if not started) and blocks until the pipeline stops.
     *
     * @throws PipelineFailedException when it stopped because of an error
     */
    public void run() throws InterruptedException {
        runner.start();
        runner.await(null);
        runner.throwIfFailed();
    }

    /** Graceful stop: finishes the batch in hand, checkpoints it, stops the source, waits. */
    public void stop() {
        runner.stop();
    }

    /** Waits for the pipeline to stop; true if it stopped within the timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return runner.await(timeout);
    }

    public PipelineStatus status() {
        return runner.status();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builds a {@link Pipeline}; every setter checks its argument, {@link #build()} the whole. */
    public static final class Builder {
        private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,48}");
        public static final int DEFAULT_MAX_BATCH_EVENTS = 10_000;

        private String name;
        private ChangeSource source;
        private CheckpointStore checkpointStore;
        private ChangeHandler handler;
        private JdbcChangeHandler jdbcHandler;
        private DataSource jdbcDataSource;
        private final List<ChangeSink> sinks = new ArrayList<>();
        private int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;
        private int queueCapacityEvents = -1;
        private RetryPolicy handlerRetry = RetryPolicy.HANDLER_DEFAULT;
        private RetryPolicy reconnectRetry = RetryPolicy.RECONNECT_DEFAULT;
        private final List<PipelineListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The pipeline's name: lower-case letters, digits and underscores, at most 48 characters
         * (it becomes part of slot and checkpoint names). Required.
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException("pipeline name '" + name
                        + "' is invalid: use 1 to 48 lower-case letters, digits or underscores");
            }
            this.name = name;
            return this;
        }

        /** The change stream to read. Required. */
        public Builder source(ChangeSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Where checkpoints are stored. Required: use {@link CheckpointStore#inMemory()} knowingly. */
        public Builder checkpointStore(CheckpointStore store) {
            this.checkpointStore = Objects.requireNonNull(store, "checkpointStore");
            return this;
        }

        /** At-least-once delivery to application code. */
        public Builder handler(ChangeHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Exactly-once delivery into a JDBC database: the handler's writes and the checkpoint are
         * committed in one transaction on a connection from {@code dataSource}. The checkpoint store
         * must keep its table in that same database and {@link CheckpointStore#supportsTransactions()}.
         */
        public Builder jdbcHandler(DataSource dataSource, JdbcChangeHandler handler) {
            this.jdbcDataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.jdbcHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Adds a sink; sinks are written in the order added, before the handler. */
        public Builder sink(ChangeSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Most events per batch, and the size of the parts a larger transaction is split into.
         * Default {@value #DEFAULT_MAX_BATCH_EVENTS}.
         */
        public Builder maxBatchEvents(int max) {
            if (max < 1) {
                throw new ConfigException("maxBatchEvents must be at least 1, got " + max);
            }
            this.maxBatchEvents = max;
            return this;
        }

        /** Events the source may read ahead of the handler. Default: 2 × maxBatchEvents (one batch in hand, one read ahead; more only adds heap and GC copying). */
        public Builder queueCapacityEvents(int capacity) {
            if (capacity < 1) {
                throw new ConfigException("queueCapacityEvents must be at least 1, got " + capacity);
            }
            this.queueCapacityEvents = capacity;
            return this;
        }

        /** Retry of a failing handler or sink; default {@link RetryPolicy#HANDLER_DEFAULT}. */
        public Builder handlerRetry(RetryPolicy policy) {
            this.handlerRetry = Objects.requireNonNull(policy, "handlerRetry");
            return this;
        }

        /** Reconnects of a source that lost its server; default {@link RetryPolicy#RECONNECT_DEFAULT}. */
        public Builder reconnectRetry(RetryPolicy policy) {
            this.reconnectRetry = Objects.requireNonNull(policy, "reconnectRetry");
            return this;
        }

        public Builder listener(PipelineListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The clock for timestamps and for the sources' waits (reconnect backoffs, heartbeat and
         * silence intervals), so it must advance; default {@link Clock#systemUTC()}. Tests pass a
         * settable one.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Pipeline build() {
            List<String> problems = new ArrayList<>();
            if (name == null) {
                problems.add("name is required");
            }
            if (source == null) {
                problems.add("source is required");
            }
            if (checkpointStore == null) {
                problems.add("checkpointStore is required (CheckpointStore.inMemory() keeps nothing across restarts)");
            }
            if (handler == null && jdbcHandler == null && sinks.isEmpty()) {
                problems.add("a handler, a jdbcHandler or at least one sink is required");
            }
            if (jdbcHandler != null && (handler != null || !sinks.isEmpty())) {
                problems.add("a jdbcHandler must be the only target: its commit is the exactly-once point");
            }
            if (jdbcHandler != null && checkpointStore != null && !checkpointStore.supportsTransactions()) {
                problems.add("a jdbcHandler needs a checkpoint store that joins its transaction (JdbcCheckpointStore on the same database)");
            }
            List<String> ids = new ArrayList<>();
            for (ChangeSink s : sinks) {
                if (ids.contains(s.id())) {
                    problems.add("two sinks share the id '" + s.id() + "'");
                }
                ids.add(s.id());
            }
            int capacity = queueCapacityEvents < 0 ? 2 * maxBatchEvents : queueCapacityEvents;
            if (capacity < maxBatchEvents) {
                problems.add("queueCapacityEvents (" + capacity + ") must be at least maxBatchEvents (" + maxBatchEvents + ")");
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            PipelineRunner.Settings settings = new PipelineRunner.Settings(name, source, checkpointStore, handler,
                    jdbcHandler, jdbcDataSource, List.copyOf(sinks), maxBatchEvents, capacity, handlerRetry,
                    reconnectRetry, List.copyOf(listeners), clock);
            return new Pipeline(new PipelineRunner(settings));
        }
    }
}
