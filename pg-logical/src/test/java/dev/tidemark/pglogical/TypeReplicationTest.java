package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.testing.PostgresExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every type of the encoding list through a real replication stream: the typed values in
 * {@link ChangeEvent#after()} must equal the Java values documented on {@link Row}.
 */
@Tag("postgres")
class TypeReplicationTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static PgHarness harness;
    private static Pipeline pipeline;
    private static final Capture capture = new Capture();

    private static final String COLUMNS = "\"id\" int PRIMARY KEY, \"c_int2\" int2, \"c_int4\" int4, \"c_int8\" int8,"
            + " \"c_numeric\" numeric, \"c_numeric_scaled\" numeric(10,3), \"c_float4\" float4, \"c_float8\" float8,"
            + " \"c_bool\" bool, \"c_text\" text, \"c_varchar\" varchar(20), \"c_char\" char(5), \"c_bytea\" bytea,"
            + " \"c_date\" date, \"c_time\" time, \"c_timestamp\" timestamp, \"c_timestamptz\" timestamptz,"
            + " \"c_uuid\" uuid, \"c_json\" json, \"c_jsonb\" jsonb, \"c_int_array\" int[], \"c_text_array\" text[],"
            + " \"c_int_matrix\" int[][], \"c_mood\" \"mood\", \"c_posint\" \"posint\", \"c_interval\" interval,"
            + " \"c_inet\" inet, \"c_money\" money";

    @BeforeAll
    static void startPipeline() {
        pg.execute("CREATE TYPE \"mood\" AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN \"posint\" AS int4 CHECK (VALUE > 0)",
                "CREATE TABLE \"all_types\" (" + COLUMNS + ")",
                "ALTER TABLE \"all_types\" REPLICA IDENTITY FULL");
        harness = new PgHarness(pg);
        String name = PgHarness.uniqueName("types");
        pipeline = harness.startStreaming(harness.pipeline(name, harness.source("public.all_types").build(),
                CheckpointStore.inMemory(), capture), "tidemark_" + name);
    }

    @AfterAll
    static void stopPipeline() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Waits for {@code n} events on rows with ids in [from, to] (each test keeps to ids of its own). */
    private static List<ChangeEvent> awaitEvents(int from, int to, int n) {
        PgHarness.until(pipeline, () -> eventsOf(from, to).size() >= n);
        return eventsOf(from, to);
    }

    private static List<ChangeEvent> eventsOf(int from, int to) {
        return capture.eventsOf("all_types").stream().filter(e -> {
            int id = (int) (e.after() != null ? e.after() : e.before()).get("id");
            return id >= from && id <= to;
        }).toList();
    }

    @Test
    void everyTypeArrivesAsItsDocumentedJavaValue() {
        // a session time zone far from UTC: the Instant must not depend on it
        pg.execute("SET TimeZone = 'America/New_York'; INSERT INTO \"all_types\" VALUES (1, 12, 123456, 1234567890123,"
                + " 12.50, 1.5, 1.5, 0.1, true, 'it''s \"text\" \\ é 😀', 'short', 'ab', '\\x00ff10', '2024-02-29',"
                + " '13:45:56.123456', '2024-02-29 13:45:56.123456', '2024-03-10 02:30:00.5+05:30',"
                + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"b\": 1,  \"a\": [1, 2]}', '{\"b\": 1,  \"a\": [1, 2]}',"
                + " '{1,NULL,3}', ARRAY['plain', 'with \"quotes\"', NULL, 'NULL', 'a,b', '', 'back\\slash', '{braces}'],"
                + " '{{1,2},{3,4}}', 'happy', 42, '1 year 2 mons 3 days 04:05:06.7', '192.168.0.1/24', 1234.56)");
        ChangeEvent insert = awaitEvents(1, 1, 1).get(0);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 1);
        expected.put("c_int2", (short) 12);
        expected.put("c_int4", 123456);
        expected.put("c_int8", 1234567890123L);
        expected.put("c_numeric", new BigDecimal("12.50"));
        expected.put("c_numeric_scaled", new BigDecimal("1.500"));
        expected.put("c_float4", 1.5f);
        expected.put("c_float8", 0.1d);
        expected.put("c_bool", true);
        expected.put("c_text", "it's \"text\" \\ é 😀");
        expected.put("c_varchar", "short");
        expected.put("c_char", "ab   ");
        expected.put("c_bytea", new byte[] {0, (byte) 0xff, 0x10});
        expected.put("c_date", LocalDate.of(2024, 2, 29));
        expected.put("c_time", LocalTime.of(13, 45, 56, 123_456_000));
        expected.put("c_timestamp", LocalDateTime.of(2024, 2, 29, 13, 45, 56, 123_456_000));
        expected.put("c_timestamptz", Instant.parse("2024-03-09T21:00:00.500Z"));
        expected.put("c_uuid", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        expected.put("c_json", "{\"b\": 1,  \"a\": [1, 2]}");
        expected.put("c_jsonb", "{\"a\": [1, 2], \"b\": 1}");
        expected.put("c_int_array", Arrays.asList(1, null, 3));
        expected.put("c_text_array", Arrays.asList("plain", "with \"quotes\"", null, "NULL", "a,b", "", "back\\slash",
                "{braces}"));
        expected.put("c_int_matrix", List.of(List.of(1, 2), List.of(3, 4)));
        expected.put("c_mood", "happy");
        expected.put("c_posint", 42);
        expected.put("c_interval", "1 year 2 mons 3 days 04:05:06.7");
        expected.put("c_inet", "192.168.0.1/24");
        expected.put("c_money", "$1,234.56");
        assertRow(insert.after(), expected);
        assertThat(((BigDecimal) insert.after().get("c_numeric")).scale()).isEqualTo(2);
        assertThat(((BigDecimal) insert.after().get("c_numeric_scaled")).scale()).isEqualTo(3);

        assertThat(insert.after().schema().columns()).extracting(Column::type).containsExactly("int4", "int2", "int4",
                "int8", "numeric", "numeric", "float4", "float8", "bool", "text", "varchar", "bpchar", "bytea", "date",
                "time", "timestamp", "timestamptz", "uuid", "json", "jsonb", "_int4", "_text", "_int4", "mood",
                "posint", "interval", "inet", "money");

        // the whole old row of an update decodes the same way (REPLICA IDENTITY FULL)
        pg.execute("UPDATE \"all_types\" SET \"c_int4\" = -1 WHERE \"id\" = 1");
        ChangeEvent update = awaitEvents(1, 1, 2).get(1);
        assertRow(update.before(), expected);
        expected.put("c_int4", -1);
        assertRow(update.after(), expected);
    }

    @Test
    void specialAndExtremeValuesSurviveReplication() {
        pg.execute("INSERT INTO \"all_types\" (\"id\", \"c_int2\", \"c_int4\", \"c_int8\", \"c_numeric\","
                + " \"c_numeric_scaled\", \"c_float4\", \"c_float8\", \"c_bool\", \"c_text\", \"c_timestamp\", \"c_date\","
                + " \"c_timestamptz\", \"c_time\", \"c_text_array\", \"c_int_array\", \"c_money\") VALUES"
                + " (2, -32768, -2147483648, 9223372036854775807, -0.001, 'NaN', 'NaN', '-Infinity', false, '',"
                + "  'infinity', '-infinity', '2000-01-01 00:00:00+14', '00:00:00', '{}', '{}', -0.01),"
                + " (3, 32767, 2147483647, -9223372036854775808, 'Infinity', -1234567.891, 'Infinity', 'NaN', true,"
                + "  ' ', '1999-12-31 23:59:59.999999', '0001-01-01', '1970-01-01 00:00:00-12:30:15', '23:59:59.999999',"
                + "  '{\"\"}', '{NULL}', 0),"
                + " (4, 0, 0, 0, '-Infinity', 0, '-0', 1e-300, NULL, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        List<ChangeEvent> events = awaitEvents(2, 4, 3);
        assertThat(events).hasSize(3);

        Row two = events.get(0).after();
        assertThat(two.get("c_int2")).isEqualTo((short) -32768);
        assertThat(two.get("c_int4")).isEqualTo(Integer.MIN_VALUE);
        assertThat(two.get("c_int8")).isEqualTo(Long.MAX_VALUE);
        assertThat(two.get("c_numeric")).isEqualTo(new BigDecimal("-0.001"));
        assertThat(two.get("c_numeric_scaled")).isEqualTo("NaN");
        assertThat(two.get("c_float4")).isEqualTo(Float.NaN);
        assertThat(two.get("c_float8")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(two.get("c_bool")).isEqualTo(false);
        assertThat(two.get("c_text")).isEqualTo("");
        assertThat(two.get("c_timestamp")).isEqualTo("infinity");
        assertThat(two.get("c_date")).isEqualTo("-infinity");
        assertThat(two.get("c_timestamptz")).isEqualTo(Instant.parse("1999-12-31T10:00:00Z"));
        assertThat(two.get("c_time")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(two.get("c_text_array")).isEqualTo(List.of());
        assertThat(two.get("c_int_array")).isEqualTo(List.of());
        assertThat(two.get("c_money")).isEqualTo("-$0.01");

        Row three = events.get(1).after();
        assertThat(three.get("c_int2")).isEqualTo((short) 32767);
        assertThat(three.get("c_int8")).isEqualTo(Long.MIN_VALUE);
        assertThat(three.get("c_numeric")).isEqualTo("Infinity");
        assertThat(three.get("c_numeric_scaled")).isEqualTo(new BigDecimal("-1234567.891"));
        assertThat(three.get("c_float4")).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(three.get("c_float8")).isEqualTo(Double.NaN);
        assertThat(three.get("c_text")).isEqualTo(" ");
        assertThat(three.get("c_timestamp")).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(three.get("c_date")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(three.get("c_timestamptz")).isEqualTo(Instant.parse("1970-01-01T12:30:15Z"));
        assertThat(three.get("c_time")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(three.get("c_text_array")).isEqualTo(List.of(""));
        assertThat(three.get("c_int_array")).isEqualTo(Arrays.asList((Object) null));
        assertThat(three.get("c_money")).isEqualTo("$0.00");

        Row four = events.get(2).after();
        assertThat(four.get("c_numeric")).isEqualTo("-Infinity");
        assertThat(four.get("c_numeric_scaled")).isEqualTo(new BigDecimal("0.000"));
        assertThat(four.get("c_float4")).isEqualTo(-0.0f);
        assertThat(four.get("c_float8")).isEqualTo(1e-300);
    }

    @Test
    void nullsArriveAsNullInEveryColumn() {
        pg.execute("INSERT INTO \"all_types\" (\"id\") VALUES (100)");
        ChangeEvent insert = awaitEvents(100, 100, 1).get(0);
        assertThat(insert.op()).isEqualTo(Operation.CREATE);
        Row row = insert.after();
        assertThat(row.size()).isEqualTo(28);
        for (int i = 1; i < row.size(); i++) {
            assertThat(row.get(i)).as(row.schema().columns().get(i).name()).isNull();
            assertThat(row.isAvailable(i)).isTrue();
        }
    }

    private static void assertRow(Row row, Map<String, Object> expected) {
        assertThat(row.schema().columns()).extracting(Column::name).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Object actual = row.get(e.getKey());
            assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
            if (e.getValue() instanceof List) {
                assertThat(actual).as(e.getKey() + " type").isInstanceOf(List.class);
            } else if (e.getValue() != null) {
                assertThat(actual).as(e.getKey() + " type").isInstanceOf(e.getValue().getClass());
            }
        }
    }
}
