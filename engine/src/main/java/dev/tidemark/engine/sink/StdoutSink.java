package dev.tidemark.engine.sink;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.json.JsonEnvelope;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes one JSON envelope per line to standard output (or another stream), flushing after each
 * batch. It keeps no state: a console cannot be rolled back, so after a failed batch or a crash
 * the lines of the batch being handled may be printed again (at least once).
 *
 * <p>The stream is never closed by the sink.
 */
public final class StdoutSink implements ChangeSink {
    private final OutputStream out;
    private final JsonEnvelope envelope;
    private final String id;
    private JsonEnvelope.Writer writer;

    private StdoutSink(OutputStream out, JsonEnvelope envelope, String id) {
        this.out = Objects.requireNonNull(out, "out");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.id = Objects.requireNonNull(id, "id");
    }

    /** A sink writing to {@link System#out}, with the id {@code stdout}. */
    public static StdoutSink create(JsonEnvelope envelope) {
        return new StdoutSink(System.out, envelope, "stdout");
    }

    /**
     * A sink writing to {@code out} (a {@link java.io.PrintStream} too), with the given id. The
     * caller keeps ownership of the stream.
     */
    public static StdoutSink to(OutputStream out, JsonEnvelope envelope, String id) {
        return new StdoutSink(out, envelope, id);
    }

    @Override
    public String id() {
        return id;
    }

    /** Starts a fresh writer; bytes buffered by a failed batch are dropped. */
    @Override
    public void open(Optional<String> committedState) {
        writer = envelope.writer(out);
    }

    @Override
    public Optional<String> write(ChangeBatch batch) throws IOException {
        if (writer == null) {
            throw new IllegalStateException("sink " + id + " is not open: the pipeline opens it before the first batch");
        }
        writer.write(batch);
        writer.flush();
        return Optional.empty();
    }

    /** Flushes; the stream stays open. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.flush();
            writer = null;
        }
    }
}
