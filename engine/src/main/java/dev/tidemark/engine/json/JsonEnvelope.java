package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.internal.BuildInfo;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns {@link ChangeEvent}s into Debezium-compatible JSON, one object per event:
 *
 * <pre>{@code
 * {"before":{...}|null,"after":{...}|null,
 *  "source":{"version":"0.1.0","connector":"postgresql","name":"shop","ts_ms":1764000000000,
 *            "snapshot":"false","db":"shop","schema":"public","table":"orders",
 *            "txId":771,"lsn":24023128},
 *  "op":"c","ts_ms":1764000000123,
 *  "transaction":{"id":"771:16/B374D848","total_order":1,"data_collection_order":1}}
 * }</pre>
 *
 * <h2>Fields</h2>
 * <ul>
 *   <li>{@code before}/{@code after}: column name to value, in column order, or null (inserts have
 *       no before, deletes no after, truncates and messages neither).</li>
 *   <li>{@code op}: {@code c} insert, {@code u} update, {@code d} delete, {@code t} truncate,
 *       {@code m} message, {@code r} snapshot read.</li>
 *   <li>{@code ts_ms} (top level): when Tidemark wrote the envelope, from the injected clock.</li>
 *   <li>{@code source} for PostgreSQL: {@code version} (Tidemark's), {@code connector}
 *       ({@code postgresql}), {@code name} (the pipeline), {@code ts_ms} (commit time),
 *       {@code snapshot} ({@code "true"} for op {@code r}, else {@code "false"}, a string as in
 *       Debezium), {@code db}, {@code schema}, {@code table}, {@code txId} (the xid, a number; null
 *       for a message sent outside a transaction), {@code lsn} (the change's LSN as a number).</li>
 *   <li>{@code source} for MySQL/MariaDB: {@code version}, {@code connector} ({@code mysql} or
 *       {@code mariadb}), {@code name}, {@code ts_ms}, {@code snapshot}, {@code db}, {@code table},
 *       {@code server_id}, {@code gtid} (null when GTIDs are off), {@code file}, {@code pos},
 *       {@code row}.</li>
 *   <li>{@code transaction}: null for a message sent outside a transaction; otherwise the
 *       transaction id, {@code total_order} (the event's 1-based index in its transaction) and
 *       {@code data_collection_order}, which Tidemark sets <em>equal to</em> {@code total_order}
 *       rather than counting per table as Debezium does: a per-table count would need state that
 *       does not survive a transaction split into parts or a retried batch.</li>
 *   <li>Messages (op {@code m}, as Debezium's PostgreSQL logical decoding messages): before and
 *       after are null, {@code source} has {@code db} (from {@link Builder#database}) but no schema
 *       or table, and a last field {@code "message":{"prefix":"...","content":"<base64>"}}.</li>
 * </ul>
 *
 * <h2>Values</h2>
 * <table>
 *   <caption>How column values are written</caption>
 *   <tr><th>Java value</th><th>JSON</th><th>Example</th></tr>
 *   <tr><td>null</td><td>null</td><td>{@code null}</td></tr>
 *   <tr><td>Byte, Short, Integer, Long, BigInteger</td><td>number, exact</td><td>{@code 42}, {@code 18446744073709551615}</td></tr>
 *   <tr><td>BigDecimal</td><td>string of its exact digits ({@code toPlainString}: scale kept, never an exponent; a negative scale is written as the whole number)</td><td>{@code "12.50"}, {@code 1E+3} as {@code "1000"}</td></tr>
 *   <tr><td>Float, Double</td><td>number; NaN and infinities as strings</td><td>{@code 1.5}, {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}</td></tr>
 *   <tr><td>Boolean</td><td>true/false</td><td>{@code true}</td></tr>
 *   <tr><td>String (text, enums, json/jsonb as text, types without a closer mapping)</td><td>string</td><td>{@code "hello"}</td></tr>
 *   <tr><td>byte[]</td><td>base64 string (RFC 4648, padded, no line breaks)</td><td>{@code "AAEC"}</td></tr>
 *   <tr><td>LocalDate</td><td>string, ISO date</td><td>{@code "2026-11-24"}</td></tr>
 *   <tr><td>LocalTime</td><td>string, {@code HH:mm:ss} and a fraction only when non-zero, trailing zeros dropped</td><td>{@code "13:45:00"}, {@code "13:45:00.5"}, {@code "13:45:00.123456"}</td></tr>
 *   <tr><td>LocalDateTime</td><td>string, same fraction rule</td><td>{@code "2026-11-24T13:45:00.123456"}</td></tr>
 *   <tr><td>Instant, OffsetDateTime, ZonedDateTime</td><td>string, the instant in UTC ending in {@code Z}, same fraction rule</td><td>{@code "2026-11-24T12:45:00.123456Z"}</td></tr>
 *   <tr><td>OffsetTime</td><td>string, the time in UTC ending in {@code Z}, same fraction rule</td><td>{@code "11:45:00Z"}</td></tr>
 *   <tr><td>UUID</td><td>string</td><td>{@code "0f8fad5b-d9cb-469f-a165-70867728950e"}</td></tr>
 *   <tr><td>java.util.List (arrays)</td><td>array, elements encoded by these rules, nulls allowed, nested for multidimensional arrays</td><td>{@code [[1,2],[3,null]]}</td></tr>
 *   <tr><td>{@link dev.tidemark.engine.Row#UNAVAILABLE} (unchanged TOAST value)</td><td>string</td><td>{@code "__debezium_unavailable_value"}</td></tr>
 *   <tr><td>anything else</td><td>string of {@code toString()}</td><td></td></tr>
 * </table>
 *
 * <p>Years outside 0000..9999 follow {@code java.time}'s ISO form: a sign and at least four
 * digits ({@code "+10000-01-01"}); years before year 1 use astronomical numbering, so 1 BC is
 * {@code "0000-..."} and 2 BC {@code "-0001-..."}. Every date and time string parses back with
 * {@code java.time} ({@code LocalDate.parse}, {@code Instant.parse}, ...) to the same value.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * JsonEnvelope envelope = JsonEnvelope.builder().pipeline("shop").build();
 * byte[] json = envelope.toBytes(event);
 * try (JsonEnvelope.Writer lines = envelope.writer(out)) {   // one envelope per line
 *     lines.write(batch);
 * }
 * }</pre>
 *
 * <p>A {@code JsonEnvelope} is immutable and thread-safe; a {@link Writer} belongs to one thread.
 * Writing through a {@link Writer} is the fast path: it reuses its generator, buffers, encoded
 * column and table names, the PostgreSQL source block of the current transaction and the text of
 * the last timestamp across events.
 */
public final class JsonEnvelope {
    /** What {@link dev.tidemark.engine.Row#UNAVAILABLE} is written as, as in Debezium. */
    public static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final String pipeline;
    private final SerializableString pipelineText;
    private final SerializableString versionText;
    private final String database;
    private final Clock clock;
    /** Per thread, a generator over a growable buffer, so that {@link #toBytes} allocates only its result. */
    private final ThreadLocal<InMemory> inMemory = ThreadLocal.withInitial(() -> new InMemory(this));

    private JsonEnvelope(Builder b) {
        this.pipeline = b.pipeline;
        this.pipelineText = new SerializedString(b.pipeline);
        this.versionText = new SerializedString(b.version);
        this.database = b.database;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The pipeline name written as {@code source.name}. */
    public String pipeline() {
        return pipeline;
    }

    /** The event as UTF-8 JSON, without a line break. */
    public byte[] toBytes(ChangeEvent event) {
        Objects.requireNonNull(event, "event");
        InMemory m = inMemory.get();
        try {
            m.out.reset();
            m.encoder.write(m.generator, event);
            m.generator.flush();
            return m.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            // the generator may be left inside an object: start over with a fresh one
            inMemory.remove();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException("writing JSON to memory failed", (IOException) e);
        }
    }

    /** The event as a JSON string, without a line break. */
    public String toJson(ChangeEvent event) {
        return new String(toBytes(event), StandardCharsets.UTF_8);
    }

    /** Writes the event as UTF-8 JSON, without a line break, and flushes; the stream stays open. */
    public void write(ChangeEvent event, OutputStream out) throws IOException {
        Objects.requireNonNull(event, "event");
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            new EnvelopeEncoder(this).write(g, event);
        }
    }

    /**
     * A writer of many envelopes onto {@code out}, each followed by {@code '\n'} (JSON Lines). It
     * buffers: call {@link Writer#flush()} to pass what was written on to {@code out}.
     */
    public Writer writer(OutputStream out) {
        Objects.requireNonNull(out, "out");
        try {
            return new Writer(FACTORY.createGenerator(out), new EnvelopeEncoder(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JSON generator", e);
        }
    }

    Clock clock() {
        return clock;
    }

    /** A generator like the ones envelopes are written with, for parts encoded ahead of time. */
    static JsonGenerator newGenerator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    SerializableString pipelineText() {
        return pipelineText;
    }

    SerializableString versionText() {
        return versionText;
    }

    String database() {
        return database;
    }

    /** A thread's reusable generator for {@link #toBytes}. */
    private static final class InMemory {
        final ByteArrayBuilder out = new ByteArrayBuilder(1024);
        final JsonGenerator generator;
        final EnvelopeEncoder encoder;

        InMemory(JsonEnvelope config) {
            try {
                generator = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a JSON generator", e);
            }
            generator.setRootValueSeparator(null);
            encoder = new EnvelopeEncoder(config);
        }
    }

    /**
     * Writes envelopes as JSON Lines onto one stream. Not thread-safe. After an {@link IOException}
     * the writer's buffer is in an unknown state: drop the writer (and cut the target back, as
     * {@link dev.tidemark.engine.sink.JsonlSink} does) rather than write on.
     */
    public static final class Writer implements Flushable, Closeable {
        private final JsonGenerator generator;
        private final EnvelopeEncoder encoder;

        private Writer(JsonGenerator generator, EnvelopeEncoder encoder) {
            this.generator = generator;
            this.encoder = encoder;
            // lines are ended by write() itself; no separator between root values
            generator.setRootValueSeparator(null);
        }

        /** Writes one envelope and a line break into the buffer. */
        public void write(ChangeEvent event) throws IOException {
            encoder.write(generator, event);
            generator.writeRaw('\n');
        }

        /** Writes every event of the batch, in order, one line each. */
        public void write(ChangeBatch batch) throws IOException {
            List<ChangeEvent> events = batch.events();
            for (int i = 0, n = events.size(); i < n; i++) {
                write(events.get(i));
            }
        }

        /** Passes the buffered bytes on to the stream and flushes it. */
        @Override
        public void flush() throws IOException {
            generator.flush();
        }

        /** Flushes; the stream itself stays open (its owner closes it). */
        @Override
        public void close() throws IOException {
            generator.close();
        }
    }

    /** Builds a {@link JsonEnvelope}; setters check their argument at once. */
    public static final class Builder {
        private String pipeline;
        private Clock clock = Clock.systemUTC();
        private String version = BuildInfo.version();
        private String database;

        private Builder() {
        }

        /** The pipeline name, written as {@code source.name}. Required. */
        public Builder pipeline(String name) {
            Objects.requireNonNull(name, "pipeline");
            if (name.isEmpty()) {
                throw new ConfigException("the envelope's pipeline name must not be empty");
            }
            this.pipeline = name;
            return this;
        }

        /** The clock for the top-level {@code ts_ms}. Default: the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The version written as {@code source.version}. Default: this build of Tidemark. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * The database written as {@code source.db} for events without a table (messages).
         * Default: none, written as null. Row events always carry their table's database.
         */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        public JsonEnvelope build() {
            if (pipeline == null) {
                throw new ConfigException("the envelope needs the pipeline name: call pipeline(name) before build()");
            }
            return new JsonEnvelope(this);
        }
    }
}
