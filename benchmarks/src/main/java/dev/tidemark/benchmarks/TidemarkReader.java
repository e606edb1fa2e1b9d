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
        DrainClock.applyTuning(pipeline);

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

        clock.drain(pipeline, a.getLong("timeout-s"));
        Map<String, Object> result = clock.result();
        if (output == Output.COUNTING_STREAM) {
            result.put("json_bytes", discard.count());
        } else {
            result.put("json_bytes", Files.size(file));
            // hundreds of MB per drain: the file proved its point once it was written and synced
            Files.deleteIfExists(file);
        }
        return result;
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
