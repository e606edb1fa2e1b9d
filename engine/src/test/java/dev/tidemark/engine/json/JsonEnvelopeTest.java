package dev.tidemark.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.LogicalMessage;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.RowSchema;
import dev.tidemark.engine.SourceInfo;
import dev.tidemark.engine.TableId;
import dev.tidemark.engine.Transaction;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact JSON written for each operation, source kind and value type. */
class JsonEnvelopeTest {
    static final Instant COMMIT = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:05Z"), ZoneOffset.UTC);
    static final JsonEnvelope ENVELOPE = JsonEnvelope.builder().pipeline("shop").clock(CLOCK).version("1.2.3")
            .database("shop").build();

    static final TableId ORDERS = new TableId("shop", "public", "orders");
    static final RowSchema ORDERS_SCHEMA = new RowSchema(ORDERS, List.of(
            new Column("id", "int4", true, false), new Column("note", "text", false, true)));
    static final Lsn COMMIT_LSN = Lsn.parse("16/B374D848");
    static final SourceInfo.Pg PG = new SourceInfo.Pg(771, Lsn.parse("16/B374D800"));
    static final String PG_SOURCE = "{\"version\":\"1.2.3\",\"connector\":\"postgresql\",\"name\":\"shop\","
            + "\"ts_ms\":1795521600000,\"snapshot\":\"false\",\"db\":\"shop\",\"schema\":\"public\",\"table\":\"orders\","
            + "\"txId\":771,\"lsn\":97500059648}";
    static final String TX = "{\"id\":\"771:16/B374D848\",\"total_order\":2,\"data_collection_order\":2}";

    static ChangeEvent pg(Operation op, Row before, Row after) {
        return ChangeEvent.row(op, ORDERS, before, after, new PgPosition(COMMIT_LSN, 2), "771:16/B374D848",
                COMMIT, 2, PG);
    }

    static Row order(int id, String note) {
        return Row.of(ORDERS_SCHEMA, id, note);
    }

    @Test
    void anInsertHasTheDebeziumShape() {
        assertThat(ENVELOPE.toJson(pg(Operation.CREATE, null, order(1, "new"))))
                .isEqualTo("{\"before\":null,\"after\":{\"id\":1,\"note\":\"new\"},\"source\":" + PG_SOURCE
                        + ",\"op\":\"c\",\"ts_ms\":1795521605000,\"transaction\":" + TX + "}");
    }

    @Test
    void anUpdateCarriesBeforeAndAfter() {
        assertThat(ENVELOPE.toJson(pg(Operation.UPDATE, order(1, "old"), order(1, "new"))))
                .isEqualTo("{\"before\":{\"id\":1,\"note\":\"old\"},\"after\":{\"id\":1,\"note\":\"new\"},\"source\":"
                        + PG_SOURCE + ",\"op\":\"u\",\"ts_ms\":1795521605000,\"transaction\":" + TX + "}");
    }

    @Test
    void aDeleteHasNoAfterAndKeyOnlyBeforeKeepsItsNulls() {
        assertThat(ENVELOPE.toJson(pg(Operation.DELETE, order(1, null), null)))
                .isEqualTo("{\"before\":{\"id\":1,\"note\":null},\"after\":null,\"source\":" + PG_SOURCE
                        + ",\"op\":\"d\",\"ts_ms\":1795521605000,\"transaction\":" + TX + "}");
    }

    @Test
    void aTruncateHasNoRows() {
        assertThat(ENVELOPE.toJson(pg(Operation.TRUNCATE, null, null)))
                .isEqualTo("{\"before\":null,\"after\":null,\"source\":" + PG_SOURCE
                        + ",\"op\":\"t\",\"ts_ms\":1795521605000,\"transaction\":" + TX + "}");
    }

    @Test
    void aSnapshotReadIsMarkedAsSnapshot() {
        assertThat(ENVELOPE.toJson(pg(Operation.READ, null, order(1, "old"))))
                .isEqualTo("{\"before\":null,\"after\":{\"id\":1,\"note\":\"old\"},\"source\":"
                        + PG_SOURCE.replace("\"snapshot\":\"false\"", "\"snapshot\":\"true\"")
                        + ",\"op\":\"r\",\"ts_ms\":1795521605000,\"transaction\":" + TX + "}");
    }

    @Test
    void aTransactionalMessageCarriesPrefixAndBase64ContentButNoTable() {
        ChangeEvent e = new ChangeEvent(Operation.MESSAGE, null, null, null, new PgPosition(COMMIT_LSN, 1),
                "771:16/B374D848", COMMIT, 1, PG, new LogicalMessage("audit", "hello".getBytes(StandardCharsets.UTF_8), true));
        assertThat(ENVELOPE.toJson(e)).isEqualTo("{\"before\":null,\"after\":null,\"source\":{\"version\":\"1.2.3\","
                + "\"connector\":\"postgresql\",\"name\":\"shop\",\"ts_ms\":1795521600000,\"snapshot\":\"false\","
                + "\"db\":\"shop\",\"txId\":771,\"lsn\":97500059648},\"op\":\"m\",\"ts_ms\":1795521605000,"
                + "\"transaction\":{\"id\":\"771:16/B374D848\",\"total_order\":1,\"data_collection_order\":1},"
                + "\"message\":{\"prefix\":\"audit\",\"content\":\"aGVsbG8=\"}}");
    }

    @Test
    void aMessageOutsideATransactionHasNoTransactionAndNoTxId() {
        ChangeEvent e = new ChangeEvent(Operation.MESSAGE, null, null, null, PgPosition.endOf(COMMIT_LSN),
                null, COMMIT, 0, new SourceInfo.Pg(0, COMMIT_LSN),
                new LogicalMessage("ping", new byte[] {0, 1, 2, (byte) 255}, false));
        JsonEnvelope withoutDatabase = JsonEnvelope.builder().pipeline("shop").clock(CLOCK).version("1.2.3").build();
        assertThat(withoutDatabase.toJson(e)).isEqualTo("{\"before\":null,\"after\":null,\"source\":{\"version\":\"1.2.3\","
                + "\"connector\":\"postgresql\",\"name\":\"shop\",\"ts_ms\":1795521600000,\"snapshot\":\"false\","
                + "\"db\":null,\"txId\":null,\"lsn\":97500059720},\"op\":\"m\",\"ts_ms\":1795521605000,"
                + "\"transaction\":null,\"message\":{\"prefix\":\"ping\",\"content\":\"AAEC/w==\"}}");
    }

    @Test
    void aMysqlEventCarriesBinlogCoordinatesAndItsGtid() {
        TableId t = new TableId("shop", "", "orders");
        RowSchema schema = new RowSchema(t, ORDERS_SCHEMA.columns());
        String gtid = "3e11fa47-71ca-11e1-9e33-c80aa9429562:23";
        ChangeEvent e = ChangeEvent.row(Operation.CREATE, t, null, Row.of(schema, 7, "x"),
                new BinlogPosition("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-23", "mysql-bin.000003", 4711, 1), gtid,
                COMMIT, 1, new SourceInfo.Binlog("mysql", 223344, gtid, "mysql-bin.000003", 4800, 0));
        assertThat(ENVELOPE.toJson(e)).isEqualTo("{\"before\":null,\"after\":{\"id\":7,\"note\":\"x\"},\"source\":{"
                + "\"version\":\"1.2.3\",\"connector\":\"mysql\",\"name\":\"shop\",\"ts_ms\":1795521600000,"
                + "\"snapshot\":\"false\",\"db\":\"shop\",\"table\":\"orders\",\"server_id\":223344,"
                + "\"gtid\":\"" + gtid + "\",\"file\":\"mysql-bin.000003\",\"pos\":4800,\"row\":0},"
                + "\"op\":\"c\",\"ts_ms\":1795521605000,\"transaction\":{\"id\":\"" + gtid
                + "\",\"total_order\":1,\"data_collection_order\":1}}");
    }

    @Test
    void aMariadbEventWithoutGtidsWritesGtidAsNull() {
        TableId t = new TableId("shop", "", "orders");
        RowSchema schema = new RowSchema(t, ORDERS_SCHEMA.columns());
        ChangeEvent e = ChangeEvent.row(Operation.DELETE, t, Row.of(schema, 7, "x"), null,
                new BinlogPosition("", "maria-bin.000001", 300, 2), "maria-bin.000001:300", COMMIT, 2,
                new SourceInfo.Binlog("mariadb", 1, "", "maria-bin.000001", 420, 1));
        assertThat(ENVELOPE.toJson(e)).contains("\"connector\":\"mariadb\"")
                .contains("\"server_id\":1,\"gtid\":null,\"file\":\"maria-bin.000001\",\"pos\":420,\"row\":1}")
                .contains("\"op\":\"d\"");
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(null, "null"),
                Arguments.of((short) -7, "-7"),
                Arguments.of(123_456, "123456"),
                Arguments.of(Long.MIN_VALUE, "-9223372036854775808"),
                Arguments.of(new BigInteger("18446744073709551615"), "18446744073709551615"),
                Arguments.of(new BigDecimal("12.50"), "\"12.50\""),
                Arguments.of(new BigDecimal("1E+3"), "\"1000\""),
                Arguments.of(new BigDecimal("-0.000000000000000000001"), "\"-0.000000000000000000001\""),
                Arguments.of(1.5d, "1.5"),
                Arguments.of(1.1f, "1.1"),
                Arguments.of(Double.NaN, "\"NaN\""),
                Arguments.of(Double.POSITIVE_INFINITY, "\"Infinity\""),
                Arguments.of(Float.NEGATIVE_INFINITY, "\"-Infinity\""),
                Arguments.of(Float.NaN, "\"NaN\""),
                Arguments.of(true, "true"),
                Arguments.of("tab\t \"quoted\" ünïcode ✓", "\"tab\\t \\\"quoted\\\" ünïcode ✓\""),
                Arguments.of("{\"a\": [1, 2]}", "\"{\\\"a\\\": [1, 2]}\""),
                Arguments.of(new byte[] {0, 1, 2, (byte) 255}, "\"AAEC/w==\""),
                Arguments.of(new byte[0], "\"\""),
                Arguments.of(LocalDate.of(2026, 11, 24), "\"2026-11-24\""),
                Arguments.of(LocalDate.of(10000, 1, 1), "\"+10000-01-01\""),
                Arguments.of(LocalDate.of(-44, 3, 15), "\"-0044-03-15\""),
                Arguments.of(LocalDate.of(0, 1, 1), "\"0000-01-01\""),
                Arguments.of(LocalTime.of(13, 45, 0, 123_456_000), "\"13:45:00.123456\""),
                Arguments.of(LocalTime.of(13, 45, 0, 500_000_000), "\"13:45:00.5\""),
                Arguments.of(LocalTime.of(13, 45), "\"13:45:00\""),
                Arguments.of(LocalTime.of(0, 0, 0, 1), "\"00:00:00.000000001\""),
                Arguments.of(LocalDateTime.of(2026, 11, 24, 13, 45, 0, 123_456_000), "\"2026-11-24T13:45:00.123456\""),
                Arguments.of(LocalDateTime.of(2026, 11, 24, 13, 45), "\"2026-11-24T13:45:00\""),
                Arguments.of(Instant.parse("2026-11-24T12:45:00.123456Z"), "\"2026-11-24T12:45:00.123456Z\""),
                Arguments.of(Instant.parse("2026-11-24T12:45:00.100Z"), "\"2026-11-24T12:45:00.1Z\""),
                Arguments.of(Instant.EPOCH, "\"1970-01-01T00:00:00Z\""),
                Arguments.of(Instant.parse("1969-12-31T23:59:59.999999999Z"), "\"1969-12-31T23:59:59.999999999Z\""),
                Arguments.of(Instant.parse("+10000-01-01T00:00:00Z"), "\"+10000-01-01T00:00:00Z\""),
                Arguments.of(Instant.parse("-0001-12-31T23:59:59Z"), "\"-0001-12-31T23:59:59Z\""),
                Arguments.of(OffsetDateTime.of(2026, 11, 24, 13, 45, 0, 0, ZoneOffset.ofHours(1)), "\"2026-11-24T12:45:00Z\""),
                Arguments.of(ZonedDateTime.of(2026, 7, 1, 14, 0, 0, 0, ZoneId.of("Europe/Paris")), "\"2026-07-01T12:00:00Z\""),
                Arguments.of(OffsetTime.of(13, 45, 0, 250_000_000, ZoneOffset.ofHours(2)), "\"11:45:00.25Z\""),
                Arguments.of(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), "\"0f8fad5b-d9cb-469f-a165-70867728950e\""),
                Arguments.of(List.of(1, 2, 3), "[1,2,3]"),
                Arguments.of(Arrays.asList("a", null), "[\"a\",null]"),
                Arguments.of(List.of(List.of(1, 2), Arrays.asList(3, null)), "[[1,2],[3,null]]"),
                Arguments.of(List.of(), "[]"),
                Arguments.of(List.of(new BigDecimal("0.10"), LocalDate.of(2026, 1, 2)), "[\"0.10\",\"2026-01-02\"]"),
                Arguments.of(Row.UNAVAILABLE, "\"__debezium_unavailable_value\""),
                Arguments.of(java.time.Duration.ofHours(1), "\"PT1H\""));
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @MethodSource("values")
    void eachValueTypeHasItsDocumentedEncoding(Object value, String json) {
        assertThat(valueJson(value)).isEqualTo(json);
    }

    /** The JSON of one value, as written in an envelope's {@code after} block. */
    static String valueJson(Object value) {
        TableId t = new TableId("shop", "public", "t");
        Row row = Row.of(new RowSchema(t, List.of(new Column("v", "any", false, true))), value);
        String json = ENVELOPE.toJson(ChangeEvent.row(Operation.CREATE, t, null, row, new PgPosition(COMMIT_LSN, 1),
                "771:16/B374D848", COMMIT, 1, PG));
        String head = "{\"before\":null,\"after\":{\"v\":";
        assertThat(json).startsWith(head);
        return json.substring(head.length(), json.indexOf("},\"source\":{"));
    }

    @Test
    void toBytesToJsonAndWriteAgree() throws Exception {
        ChangeEvent e = pg(Operation.CREATE, null, order(1, "ünïcode"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ENVELOPE.write(e, out);
        assertThat(out.toByteArray()).isEqualTo(ENVELOPE.toBytes(e))
                .isEqualTo(ENVELOPE.toJson(e).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWriterEndsEveryEnvelopeWithALineBreakAndWritesOnlyWhenFlushed() throws Exception {
        ChangeEvent first = pg(Operation.CREATE, null, order(1, "a"));
        ChangeEvent second = pg(Operation.UPDATE, order(1, "a"), order(1, "b"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEnvelope.Writer writer = ENVELOPE.writer(out);
        writer.write(new ChangeBatch(List.of(new Transaction("771:16/B374D848", COMMIT, List.of(first, second),
                PgPosition.endOf(COMMIT_LSN), 0, true))));
        assertThat(out.size()).isZero();
        writer.flush();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(ENVELOPE.toJson(first) + "\n" + ENVELOPE.toJson(second) + "\n");
    }

    @Test
    void aWriterSeesANewSchemaOfTheSameTable() throws Exception {
        RowSchema v2 = new RowSchema(ORDERS, List.of(new Column("id", "int4", true, false),
                new Column("note", "text", false, true), new Column("added", "bool", false, true)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonEnvelope.Writer writer = ENVELOPE.writer(out)) {
            writer.write(pg(Operation.CREATE, null, order(1, "a")));
            writer.write(pg(Operation.CREATE, null, Row.of(v2, 2, "b", true)));
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(l -> assertThat(l).contains("\"after\":{\"id\":1,\"note\":\"a\"}"))
                .anySatisfy(l -> assertThat(l).contains("\"after\":{\"id\":2,\"note\":\"b\",\"added\":true}"));
    }

    @Test
    void aWriterNamesEachEventsOwnTableAndTransactionWhenTheyAlternate() throws Exception {
        // the writer encodes table names and transaction ids once and reuses them: equal but distinct
        // instances, and a switch back and forth, must still print what each event carries
        TableId items = new TableId("shop", "sales", "items");
        RowSchema itemsSchema = new RowSchema(items, List.of(new Column("id", "int4", true, false)));
        TableId ordersAgain = new TableId("shop", "public", "orders");
        List<ChangeEvent> events = List.of(
                pg(Operation.CREATE, null, order(1, "a")),
                ChangeEvent.row(Operation.CREATE, items, null, Row.of(itemsSchema, 7), new PgPosition(COMMIT_LSN, 3),
                        "771:16/B374D848", COMMIT, 3, PG),
                ChangeEvent.row(Operation.CREATE, ordersAgain, null, Row.of(ORDERS_SCHEMA, 2, "b"),
                        new PgPosition(Lsn.parse("16/B374D900"), 1), new String("772:16/B374D900"), COMMIT, 1, PG),
                ChangeEvent.row(Operation.CREATE, items, null, Row.of(itemsSchema, 8), new PgPosition(Lsn.parse("16/B374D900"), 2),
                        new String("772:16/B374D900"), COMMIT, 2, PG),
                pg(Operation.CREATE, null, order(3, "c")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonEnvelope.Writer writer = ENVELOPE.writer(out)) {
            for (ChangeEvent e : events) {
                writer.write(e);
            }
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            // toJson uses an encoder of its own, whose caches saw other events
            assertThat(lines.get(i)).isEqualTo(ENVELOPE.toJson(events.get(i)));
        }
        assertThat(lines.get(1)).contains("\"schema\":\"sales\",\"table\":\"items\"").contains("\"id\":\"771:16/B374D848\"");
        assertThat(lines.get(3)).contains("\"schema\":\"sales\",\"table\":\"items\"").contains("\"id\":\"772:16/B374D900\"");
        assertThat(lines.get(4)).contains("\"schema\":\"public\",\"table\":\"orders\"").contains("\"id\":\"771:16/B374D848\"");
    }

    @Test
    void aWriterNamesEachBinlogEventsOwnSourceFieldsWhenTheyAlternate() throws Exception {
        // the source block of binlog events is encoded once per rows event and reused: a switch of any
        // of its fields, back and forth, must still print what each event carries
        TableId orders = new TableId("shop", "", "orders");
        TableId other = new TableId("lädchen 😀", "", "bestellungen \"ü\"");
        RowSchema ordersSchema = new RowSchema(orders, ORDERS_SCHEMA.columns());
        RowSchema otherSchema = new RowSchema(other, ORDERS_SCHEMA.columns());
        Instant later = COMMIT.plusSeconds(1);
        // one instance, as the events of one transaction share theirs
        String gtid8 = new String("0-1-8");
        // each field changes alone at least once
        List<ChangeEvent> events = List.of(
                binlog(ordersSchema, Operation.CREATE, "mariadb", 1, "0-1-7", "maria-bin.000001", 100, 0, COMMIT),
                binlog(ordersSchema, Operation.CREATE, "mariadb", 1, "0-1-7", "maria-bin.000001", 100, 1, COMMIT),
                binlog(ordersSchema, Operation.CREATE, "mariadb", 1, "0-1-7", "maria-bin.000001", 200, 1, COMMIT),
                binlog(otherSchema, Operation.CREATE, "mariadb", 1, "0-1-7", "maria-bin.000001", 200, 1, COMMIT),
                binlog(otherSchema, Operation.CREATE, "mariadb", 2, "0-1-7", "maria-bin.000001", 200, 1, COMMIT),
                binlog(otherSchema, Operation.CREATE, "mariadb", 2, gtid8, "maria-bin.000001", 200, 1, COMMIT),
                binlog(otherSchema, Operation.CREATE, "mariadb", 2, gtid8, "maria-bin.000002", 200, 1, COMMIT),
                binlog(otherSchema, Operation.READ, "mariadb", 2, gtid8, "maria-bin.000002", 200, 1, COMMIT),
                binlog(otherSchema, Operation.READ, "mysql", 2, gtid8, "maria-bin.000002", 200, 1, COMMIT),
                binlog(otherSchema, Operation.READ, "mysql", 2, gtid8, "maria-bin.000002", 200, 1, later),
                binlog(ordersSchema, Operation.CREATE, "mysql", 2, "", "maria-bin.000002", 200, 2, later),
                binlog(ordersSchema, Operation.CREATE, "mariadb", 1, "0-1-7", new String("maria-bin.000001"), 100, 12345,
                        COMMIT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonEnvelope.Writer writer = ENVELOPE.writer(out)) {
            for (ChangeEvent e : events) {
                writer.write(e);
            }
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            ChangeEvent e = events.get(i);
            SourceInfo.Binlog b = (SourceInfo.Binlog) e.source();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("version", "1.2.3");
            expected.put("connector", b.connector());
            expected.put("name", "shop");
            expected.put("ts_ms", Long.toString(e.commitTime().toEpochMilli()));
            expected.put("snapshot", e.op() == Operation.READ ? "true" : "false");
            expected.put("db", e.table().database());
            expected.put("table", e.table().table());
            expected.put("server_id", Long.toString(b.serverId()));
            expected.put("gtid", b.gtid().isEmpty() ? null : b.gtid());
            expected.put("file", b.file());
            expected.put("pos", Long.toString(b.pos()));
            expected.put("row", Integer.toString(b.row()));
            assertThat(sourceFields(lines.get(i))).as("source block of line %d", i).containsExactlyEntriesOf(expected);
            // the same text as an encoder that saw nothing else writes
            assertThat(lines.get(i)).isEqualTo(JsonEnvelope.builder().pipeline("shop").database("shop").clock(CLOCK)
                    .version("1.2.3").build().toJson(e));
        }
    }

    /** The scalar fields of the envelope's source block, as text (null for JSON null), in order. */
    private static Map<String, String> sourceFields(String line) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("source")
                        && p.getParsingContext().getParent().inRoot()) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        fields.put(name, p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
                    }
                    return fields;
                }
            }
        }
        throw new AssertionError("no source block in " + line);
    }

    private static ChangeEvent binlog(RowSchema schema, Operation op, String connector, long serverId, String gtid,
                                      String file, long pos, int row, Instant commit) {
        return ChangeEvent.row(op, schema.table(), null, Row.of(schema, row, "x"),
                new BinlogPosition(gtid, file, pos - 10, row + 1), gtid.isEmpty() ? file + ":" + (pos - 10) : gtid, commit,
                row + 1, new SourceInfo.Binlog(connector, serverId, gtid, file, pos, row));
    }

    @Test
    void aValueThatCannotBeWrittenDoesNotSpoilTheNextEvent() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text for this value");
            }
        };
        assertThatThrownBy(() -> valueJson(broken)).hasMessage("no text for this value");
        assertThat(valueJson(42)).isEqualTo("42");
    }

    @Test
    void theVersionDefaultsToThisBuild() {
        String json = JsonEnvelope.builder().pipeline("shop").build().toJson(pg(Operation.CREATE, null, order(1, "a")));
        assertThat(json).containsPattern("\"version\":\"\\d+\\.\\d+\\.\\d+[^\"]*\"");
    }

    @Test
    void theBuilderNeedsThePipelineName() {
        assertThatThrownBy(() -> JsonEnvelope.builder().build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("pipeline(name)");
    }
}
