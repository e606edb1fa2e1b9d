package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Column;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.json.JsonEnvelope;
import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every column type, with edge values and NULLs, decodes to the documented Java value. Written
 * once; subclasses run it with the column facts from the binlog's row metadata and from
 * information_schema.
 */
abstract class AbstractTypesTest {
    static final String TYPES_DDL = "CREATE TABLE types ("
            + "id int PRIMARY KEY,"
            + " ti tinyint, tiu tinyint unsigned, si smallint, siu smallint unsigned, mi mediumint, miu mediumint unsigned,"
            + " i int, iu int unsigned, bi bigint, biu bigint unsigned,"
            + " d decimal(10,2), dn decimal(65,30), du decimal(5,0) unsigned, f float, dbl double,"
            + " b1 bit(1), b10 bit(10), b64 bit(64), y year,"
            + " dt date, t time, t6 time(6), dtm datetime, dtm3 datetime(3), dtm6 datetime(6), ts timestamp(6) NULL,"
            + " c char(5), vc varchar(100), tx text, mtx mediumtext, lt longtext,"
            + " l1 varchar(20) CHARACTER SET latin1, l1c char(10) CHARACTER SET latin1, u3 varchar(10) CHARACTER SET utf8mb3,"
            + " bn binary(4), vb varbinary(10), bl blob, tb tinyblob,"
            + " e enum('small','medium','large'), st set('a','b','c','d'), j json, g geometry, p point"
            + ") DEFAULT CHARSET=utf8mb4";
    static final String ZEROS_DDL = "CREATE TABLE zeros (id int PRIMARY KEY, d date, dt datetime(2), ts timestamp NULL, y year)";

    static Capture capture;
    static Pipeline pipeline;

    abstract DatabaseExtension<MariaDbServer> db();

    static void startPipeline(DatabaseExtension<MariaDbServer> db, String name) {
        Pipelines.createMarkerTable(db);
        db.execute(TYPES_DDL, ZEROS_DDL);
        capture = new Capture();
        pipeline = Pipelines.start(name, Pipelines.source(db.server(), db.database(), "types", "zeros").build(),
                CheckpointStore.inMemory(), capture, 1000);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private Row insertAndCapture(String insert) throws Exception {
        int before = capture.events().size();
        try (Connection c = db().connection(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            st.execute(insert);
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 1);
        return events.get(before).after();
    }

    @Test
    void maximumsAndTextInTheirCharacterSetsDecodeExactly() throws Exception {
        Row r = insertAndCapture("INSERT INTO types VALUES (1,"
                + " 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,"
                + " 99999999.99, 12345678901234567890123456789012345.123456789012345678901234567890, 99999, 1.5, 2.5e300,"
                + " b'1', b'1010101010', x'FFFFFFFFFFFFFFFF', 2155,"
                + " '9999-12-31', '838:59:59', '12:34:56.789012', '9999-12-31 23:59:59', '2024-02-29 23:59:59.999',"
                + " '2024-01-01 00:00:00.000001', '2038-01-19 03:14:07.999999',"
                + " 'ab', 'emoji \uD83D\uDE00 check \u2713', 'text \u00fc', 'medium', 'long',"
                + " 'caf\u00e9 \u20ac', 'na\u00efve', 'abc',"
                + " x'0102', x'00FF', x'DEADBEEF', x'', 'large', 'd,a', '{\"k\": [1, 2.5, \"x\", null, true]}',"
                + " ST_GeomFromText('LINESTRING(0 0, 1 1)'), ST_GeomFromText('POINT(1 2)'))");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 1);
        expected.put("ti", 127);
        expected.put("tiu", 255);
        expected.put("si", 32767);
        expected.put("siu", 65535);
        expected.put("mi", 8388607);
        expected.put("miu", 16777215);
        expected.put("i", 2147483647);
        expected.put("iu", 4294967295L);
        expected.put("bi", Long.MAX_VALUE);
        expected.put("biu", new BigInteger("18446744073709551615"));
        expected.put("d", new BigDecimal("99999999.99"));
        expected.put("dn", new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890"));
        expected.put("du", new BigDecimal("99999"));
        expected.put("f", 1.5f);
        expected.put("dbl", 2.5e300);
        expected.put("b1", 1L);
        expected.put("b10", 682L);
        expected.put("b64", new BigInteger("18446744073709551615"));
        expected.put("y", 2155);
        expected.put("dt", LocalDate.of(9999, 12, 31));
        expected.put("t", "838:59:59");
        expected.put("t6", LocalTime.of(12, 34, 56, 789_012_000));
        expected.put("dtm", LocalDateTime.of(9999, 12, 31, 23, 59, 59));
        expected.put("dtm3", LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_000_000));
        expected.put("dtm6", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000));
        expected.put("ts", Instant.parse("2038-01-19T03:14:07.999999Z"));
        expected.put("c", "ab");
        expected.put("vc", "emoji \uD83D\uDE00 check \u2713");
        expected.put("tx", "text \u00fc");
        expected.put("mtx", "medium");
        expected.put("lt", "long");
        expected.put("l1", "caf\u00e9 \u20ac");
        expected.put("l1c", "na\u00efve");
        expected.put("u3", "abc");
        expected.put("bn", hex("01020000"));
        expected.put("vb", hex("00FF"));
        expected.put("bl", hex("DEADBEEF"));
        expected.put("tb", new byte[0]);
        expected.put("e", "large");
        expected.put("st", "a,d");
        expected.put("j", "{\"k\": [1, 2.5, \"x\", null, true]}");
        expected.put("g", wkb("SELECT ST_AsBinary(ST_GeomFromText('LINESTRING(0 0, 1 1)'))"));
        expected.put("p", wkb("SELECT ST_AsBinary(ST_GeomFromText('POINT(1 2)'))"));
        assertThat(r.toMap()).containsExactlyEntriesOf(expected);
    }

    @Test
    void minimumsAndNegativesDecodeExactly() throws Exception {
        Row r = insertAndCapture("INSERT INTO types (id, ti, si, mi, i, bi, d, dn, f, dbl, b1, b64, y, dt, t, t6, dtm, ts)"
                + " VALUES (2, -128, -32768, -8388608, -2147483648, -9223372036854775808, -12345678.90,"
                + " -99999999999999999999999999999999999.999999999999999999999999999999, -0.25, -1e-300, b'0', x'8000000000000001',"
                + " 1901, '1000-01-01', '-838:59:59', '-00:00:01.5', '1000-01-01 00:00:00', '1970-01-01 00:00:01')");
        assertThat(r.get("ti")).isEqualTo(-128);
        assertThat(r.get("si")).isEqualTo(-32768);
        assertThat(r.get("mi")).isEqualTo(-8388608);
        assertThat(r.get("i")).isEqualTo(Integer.MIN_VALUE);
        assertThat(r.get("bi")).isEqualTo(Long.MIN_VALUE);
        assertThat(r.get("d")).isEqualTo(new BigDecimal("-12345678.90"));
        assertThat(r.get("dn")).isEqualTo(new BigDecimal("-99999999999999999999999999999999999.999999999999999999999999999999"));
        assertThat(r.get("f")).isEqualTo(-0.25f);
        assertThat(r.get("dbl")).isEqualTo(-1e-300);
        assertThat(r.get("b1")).isEqualTo(0L);
        assertThat(r.get("b64")).isEqualTo(new BigInteger("9223372036854775809"));
        assertThat(r.get("y")).isEqualTo(1901);
        assertThat(r.get("dt")).isEqualTo(LocalDate.of(1000, 1, 1));
        assertThat(r.get("t")).isEqualTo("-838:59:59");
        assertThat(r.get("t6")).isEqualTo("-00:00:01.5");
        assertThat(r.get("dtm")).isEqualTo(LocalDateTime.of(1000, 1, 1, 0, 0));
        assertThat(r.get("ts")).isEqualTo(Instant.ofEpochSecond(1));
    }

    @Test
    void nullsStayNull() throws Exception {
        Row r = insertAndCapture("INSERT INTO types (id) VALUES (3)");
        for (Column c : r.schema().columns()) {
            if (!c.name().equals("id")) {
                assertThat(r.get(c.name())).as(c.name()).isNull();
            }
        }
        assertThat(r.schema().columns()).filteredOn(c -> !c.name().equals("id")).allMatch(Column::optional);
    }

    @Test
    void columnTypesAreNamedAsTheServerNamesThem() throws Exception {
        Row r = insertAndCapture("INSERT INTO types (id) VALUES (4)");
        Map<String, String> types = new LinkedHashMap<>();
        r.schema().columns().forEach(c -> types.put(c.name(), c.type()));
        assertThat(types).containsEntry("id", "int").containsEntry("tiu", "tinyint unsigned")
                .containsEntry("biu", "bigint unsigned").containsEntry("d", "decimal").containsEntry("vc", "varchar")
                .containsEntry("vb", "varbinary").containsEntry("bn", "binary").containsEntry("c", "char")
                .containsEntry("tx", "text").containsEntry("mtx", "mediumtext").containsEntry("bl", "blob")
                .containsEntry("tb", "tinyblob").containsEntry("e", "enum").containsEntry("st", "set")
                .containsEntry("dtm6", "datetime").containsEntry("ts", "timestamp").containsEntry("t6", "time")
                .containsEntry("g", "geometry").containsEntry("b10", "bit").containsEntry("y", "year");
        assertThat(r.schema().columns().get(0).key()).isTrue();
        assertThat(r.schema().columns().get(1).key()).isFalse();
    }

    @Test
    void zeroDatesAreTheServersTextAndEncodeAsSuch() throws Exception {
        int before = capture.events().size();
        try (Connection c = db().connection(); Statement st = c.createStatement()) {
            st.execute("SET sql_mode = ''");
            st.execute("INSERT INTO zeros VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 0),"
                    + " (2, '2020-00-15', '2020-05-00 10:11:12.5', NULL, NULL)");
        }
        List<ChangeEvent> events = capture.awaitEvents(before + 2);
        Row zero = events.get(before).after();
        assertThat(zero.get("d")).isEqualTo("0000-00-00");
        assertThat(zero.get("dt")).isEqualTo("0000-00-00 00:00:00");
        assertThat(zero.get("ts")).isEqualTo("0000-00-00 00:00:00");
        assertThat(zero.get("y")).isEqualTo(0);
        Row partial = events.get(before + 1).after();
        assertThat(partial.get("d")).isEqualTo("2020-00-15");
        assertThat(partial.get("dt")).isEqualTo("2020-05-00 10:11:12.5");
        String json = JsonEnvelope.builder().pipeline("types").build().toJson(events.get(before));
        assertThat(json).contains("\"d\":\"0000-00-00\"", "\"y\":0");
    }

    @Test
    void valuesEncodeInTheEnvelopeAsDocumented() throws Exception {
        Row r = insertAndCapture("INSERT INTO types (id, biu, d, vb, dtm6, ts, t6, e, j) VALUES (5, 18446744073709551615,"
                + " 12.50, x'0001', '2026-11-24 13:45:00.123456', '2026-11-24 12:45:00.5', '13:45:00', 'small', '[1]')");
        ChangeEvent e = capture.events().get(capture.events().size() - 1);
        assertThat(e.after()).isSameAs(r);
        String json = JsonEnvelope.builder().pipeline("types").build().toJson(e);
        assertThat(json).contains("\"biu\":18446744073709551615", "\"d\":\"12.50\"", "\"vb\":\"AAE=\"",
                "\"dtm6\":\"2026-11-24T13:45:00.123456\"", "\"ts\":\"2026-11-24T12:45:00.5Z\"", "\"t6\":\"13:45:00\"",
                "\"e\":\"small\"", "\"j\":\"[1]\"", "\"connector\":\"mariadb\"", "\"table\":\"types\"",
                "\"db\":\"" + db().database() + "\"");
    }

    private byte[] wkb(String sql) throws Exception {
        try (Connection c = db().connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBytes(1);
        }
    }
}
