package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.LogicalMessage;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.RowSchema;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes one envelope onto a generator: {@code before} and {@code after} rows here (column values by
 * {@link ValueEncoder}), then the {@code source} block ({@link SourceBlockEncoder}), the
 * {@code op}/{@code ts_ms}/{@code transaction} fields ({@link EnvelopeTail}) and an optional
 * {@code message}. Invariant: fields in that order, always, whatever the event. Holds scratch
 * buffers and caches of encoded names, so an instance belongs to one thread; {@link JsonEnvelope}
 * hands out one per writer or per call.
 */
final class EnvelopeEncoder {
    /** Name caches are dropped past this many table versions (schemas change rarely). */
    static final int MAX_CACHED_SCHEMAS = 512;

    private static final SerializedString BEFORE = new SerializedString("before");
    private static final SerializedString AFTER = new SerializedString("after");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString PREFIX = new SerializedString("prefix");
    private static final SerializedString CONTENT = new SerializedString("content");

    private final ValueEncoder values = new ValueEncoder();
    private final SourceBlockEncoder source;
    private final EnvelopeTail tail;
    private final Map<RowSchema, SerializableString[]> names = new IdentityHashMap<>();
    private RowSchema lastSchema;
    private SerializableString[] lastNames;

    EnvelopeEncoder(JsonEnvelope config) {
        this.source = new SourceBlockEncoder(config);
        this.tail = new EnvelopeTail(config);
    }

    void write(JsonGenerator g, ChangeEvent e) throws IOException {
        g.writeStartObject();
        g.writeFieldName(BEFORE);
        row(g, e.before());
        g.writeFieldName(AFTER);
        row(g, e.after());
        g.writeFieldName(SOURCE);
        source.write(g, e);
        tail.write(g, e);
        LogicalMessage m = e.message();
        if (m != null) {
            g.writeFieldName(MESSAGE);
            g.writeStartObject();
            g.writeFieldName(PREFIX);
            g.writeString(m.prefix());
            g.writeFieldName(CONTENT);
            g.writeBinary(m.content());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void row(JsonGenerator g, Row row) throws IOException {
        if (row == null) {
            g.writeNull();
            return;
        }
        SerializableString[] cols = columnNames(row.schema());
        g.writeStartObject();
        for (int i = 0; i < cols.length; i++) {
            g.writeFieldName(cols[i]);
            values.value(g, row.get(i));
        }
        g.writeEndObject();
    }

    /** The encoded column names of a schema; sources keep one RowSchema instance per table version, hence identity. */
    private SerializableString[] columnNames(RowSchema schema) {
        if (schema == lastSchema) {
            return lastNames;
        }
        SerializableString[] cols = names.get(schema);
        if (cols == null) {
            if (names.size() >= MAX_CACHED_SCHEMAS) {
                names.clear();
            }
            cols = new SerializableString[schema.size()];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = new SerializedString(schema.columns().get(i).name());
            }
            names.put(schema, cols);
        }
        lastSchema = schema;
        lastNames = cols;
        return cols;
    }
}
