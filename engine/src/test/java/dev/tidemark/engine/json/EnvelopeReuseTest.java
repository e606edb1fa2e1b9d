package dev.tidemark.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A writer reuses what it encoded for the previous event (the source block's middle per
 * transaction and table, the last timestamp's text): whatever the order of tables, transactions,
 * snapshot reads and timestamps, each line must be what a fresh encoder writes for that event
 * alone, and must carry that event's own values, even through names that need escaping.
 */
class EnvelopeReuseTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final List<TableId> TABLES = List.of(new TableId("shop", "public", "orders"),
            new TableId("shop", "sales", "items"), new TableId("sh\"op", "pub\\lic", "örders\n"),
            new TableId("shop", "public", "orders"));
    private static final List<Instant> INSTANTS = List.of(Instant.parse("2026-11-25T11:00:00.123456Z"),
            Instant.parse("2026-11-25T11:00:00.123457Z"), Instant.parse("1969-12-31T23:59:59Z"));

    /** One event's ingredients, drawn from small pools so that values repeat and alternate. */
    record Pick(int table, long xid, int commit, boolean snapshot, int instant, long lsn) {
    }

    @Property
    void everyLineIsWhatAFreshEncoderWritesForItsEvent(@ForAll("pipelines") String pipeline,
                                                      @ForAll("picks") List<Pick> picks) throws IOException {
        JsonEnvelope envelope = JsonEnvelope.builder().pipeline(pipeline).clock(CLOCK).version("1.2.3").build();
        List<ChangeEvent> events = new ArrayList<>();
        long order = 0;
        for (Pick p : picks) {
            events.add(event(p, ++order));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonEnvelope.Writer writer = envelope.writer(out)) {
            for (ChangeEvent e : events) {
                writer.write(e);
            }
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent e = events.get(i);
            ByteArrayOutputStream alone = new ByteArrayOutputStream();
            envelope.write(e, alone); // a new encoder per call: nothing carried over
            assertThat(lines.get(i)).isEqualTo(alone.toString(StandardCharsets.UTF_8));

            Map<String, Object> json = read(lines.get(i));
            @SuppressWarnings("unchecked")
            Map<String, Object> source = (Map<String, Object>) json.get("source");
            SourceInfo.Pg pg = (SourceInfo.Pg) e.source();
            assertThat(source).containsEntry("name", pipeline).containsEntry("db", e.table().database())
                    .containsEntry("schema", e.table().schema()).containsEntry("table", e.table().table())
                    .containsEntry("txId", pg.xid()).containsEntry("lsn", pg.lsn().value())
                    .containsEntry("ts_ms", e.commitTime().toEpochMilli())
                    .containsEntry("snapshot", e.op() == Operation.READ ? "true" : "false");
            @SuppressWarnings("unchecked")
            Map<String, Object> after = (Map<String, Object>) json.get("after");
            assertThat(Instant.parse((String) after.get("at"))).isEqualTo(e.after().get("at"));
        }
    }

    private static ChangeEvent event(Pick p, long order) {
        TableId table = TABLES.get(p.table());
        RowSchema schema = new RowSchema(table, List.of(new Column("id", "int8", true, false),
                new Column("at", "timestamptz", false, true)));
        // equal instants as distinct objects, as a decoder without memory makes them
        Instant at = Instant.ofEpochSecond(INSTANTS.get(p.instant()).getEpochSecond(), INSTANTS.get(p.instant()).getNano());
        Lsn commitLsn = new Lsn(0x16_0000_0000L + p.xid() * 1000);
        Instant commitTime = Instant.ofEpochMilli(1_795_000_000_000L + p.commit());
        return ChangeEvent.row(p.snapshot() ? Operation.READ : Operation.CREATE, table, null, Row.of(schema, order, at),
                new PgPosition(commitLsn, order), p.xid() + ":" + commitLsn, commitTime, order,
                new SourceInfo.Pg(p.xid(), new Lsn(p.lsn())));
    }

    @Provide
    Arbitrary<String> pipelines() {
        return Arbitraries.of("shop", "sh\"op", "naïve\\pipe", "tab\there");
    }

    @Provide
    Arbitrary<List<Pick>> picks() {
        return Combinators.combine(Arbitraries.integers().between(0, TABLES.size() - 1),
                Arbitraries.longs().between(1, 3), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, INSTANTS.size() - 1), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(Pick::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /** The JSON object as nested maps; numbers as Long, strings as String. */
    private static Map<String, Object> read(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            assertThat(m).as("duplicate field " + name).doesNotContainKey(name);
            m.put(name, switch (t) {
                case START_OBJECT -> object(p);
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NULL -> null;
                default -> {
                    p.skipChildren();
                    yield t.toString();
                }
            });
        }
        return m;
    }
}
