package dev.tidemark.benchmarks;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.engine.sink.JsonlSink;
import dev.tidemark.pglogical.PgLogicalSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tidemark's own readers: a {@link Pipeline} over {@link PgLogicalSource} with an in-memory
 * checkpoint store, draining a slot that was created before the workload.
 * <ul>
 *   <li>{@link Output#COUNTING_STREAM} ({@code tidemark}): a handler writes every event with the
 *       JSON envelope's writer into a stream that counts and discards the bytes — slot to
 *       serialised JSON.</li>
 *   <li>{@link Output#JSONL_FILE} ({@code tidemark-jsonl}): a {@link JsonlSink} writes a file, with
 *       its fsync per batch; a handler after it only counts.</li>
 * </ul>
 * Timed from the first batch handed to the handler (or sink) to the handling of the last expected
 * event. The drain counts as complete once the checkpoint past the last event is stored, so that
 * stopping the pipeline acknowledges it to the server and the next drain of the slot starts there.
 */
final class TidemarkReader {
    enum Output { COUNTING_STREAM, JSONL_FILE }

    private TidemarkReader() {
    }

    static Map<String, Object> drain(ChildArgs a, Output output) throws Exception {
        String slot = a.get("slot");
        long expected = a.getLong("expected");
        long afterLsn = a.getLong("after-lsn");
        DrainClock clock = new DrainClock(expected);

        PgLogicalSource source = PgLogicalSource.builder()
                .url(a.get("url"))
                .user(a.get("user"))
                .password(ChildArgs.password())
                .tables("public.bench_orders")
                .slotName(slot)
                .publicationName(a.get("publication"))
                // the runner made both before the workload; a missing one is a runner bug
                .createMissing(false)
                .build();
        JsonEnvelope envelope = JsonEnvelope.builder().pipeline(slot).build();
        Pipeline.Builder pipeline = Pipeline.builder()
                .name(slot)
                .source(source)
                .checkpointStore(CheckpointStore.inMemory())
                .listener(new PipelineListener() {
                    @Override
                    public void onCheckpoint(String pipeline, Position position) {
                        if (clock.reachedExpected()) {
                            clock.finish(null);
                        }
                    }

                    @Override
                    public void onStopped(String pipeline, Throwable error) {
                        clock.finish(error != null ? error
                                : new IllegalStateException("the pipeline stopped after " + clock.events() + " of "
                                        + expected + " events"));
                    }
                });
        // pipeline defaults unless run.sh was given BENCH_MAX_BATCH_EVENTS / BENCH_QUEUE_EVENTS, for tuning
        tuning("BENCH_MAX_BATCH_EVENTS").ifPresent(pipeline::maxBatchEvents);
        tuning("BENCH_QUEUE_EVENTS").ifPresent(pipeline::queueCapacityEvents);

        CountingOutputStream discard = new CountingOutputStream();
        Path file = Path.of(a.get("out-dir"), slot + ".jsonl");
        if (output == Output.COUNTING_STREAM) {
            JsonEnvelope.Writer writer = envelope.writer(discard);
            pipeline.handler(batch -> {
                clock.started();
                writer.write(batch);
                writer.flush();
                clock.counted(eventsAfter(batch, afterLsn));
            });
        } else {
            Files.deleteIfExists(file);
            pipeline.sink(new StartTimingSink(JsonlSink.create(file, envelope), clock));
            pipeline.handler(batch -> clock.counted(eventsAfter(batch, afterLsn)));
        }

        long timeoutSeconds = a.getLong("timeout-s");
        Map<String, Object> result = new LinkedHashMap<>();
        try (Pipeline p = pipeline.build()) {
            p.start();
            if (!clock.await(timeoutSeconds)) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + clock.events()
                        + " of " + expected + " events");
            }
        }
        if (clock.failure() != null) {
            throw new IllegalStateException("the pipeline failed after " + clock.events() + " of " + expected
                    + " events: " + clock.failure(), clock.failure());
        }
        result.put("events", clock.events());
        result.put("seconds", String.format("%.3f", clock.seconds()));
        result.put("events_per_s", Math.round(clock.events() / clock.seconds()));
        result.put("cpu_s", String.format("%.3f", clock.cpuSeconds()));
        if (output == Output.COUNTING_STREAM) {
            result.put("json_bytes", discard.count());
        } else {
            result.put("json_bytes", Files.size(file));
            // hundreds of MB per drain: the file proved its point once it was written and synced
            Files.deleteIfExists(file);
        }
        return result;
    }

    private static Optional<Integer> tuning(String variable) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(v.trim()));
    }

    /**
     * Events of transactions that committed after {@code afterLsn}: a drain that starts where the
     * previous one acknowledged gets the previous workload's last transaction again (the source
     * acknowledges a commit's own LSN and relies on the checkpoint to skip it, and this pipeline's
     * checkpoint store is new), so those events are handled but not counted.
     */
    private static long eventsAfter(ChangeBatch batch, long afterLsn) {
        long n = 0;
        for (Transaction tx : batch.transactions()) {
            long commitLsn = ((PgPosition) tx.endPosition()).commitLsn().value();
            if (Long.compareUnsigned(commitLsn, afterLsn) > 0) {
                n += tx.size();
            }
        }
        return n;
    }

    /** Marks the start of the drain when the first batch reaches the sink, then writes it. */
    private static final class StartTimingSink implements ChangeSink {
        private final ChangeSink delegate;
        private final DrainClock clock;

        StartTimingSink(ChangeSink delegate, DrainClock clock) {
            this.delegate = delegate;
            this.clock = clock;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public void open(Optional<String> committedState) throws Exception {
            delegate.open(committedState);
        }

        @Override
        public Optional<String> write(ChangeBatch batch) throws Exception {
            clock.started();
            return delegate.write(batch);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
