package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes what a real server's output functions write, which is what pgoutput sends. The text is
 * fetched over the simple query protocol, where every result column is the type's output
 * function's text; not with {@code expr::text}, which for some types is a different function
 * ({@code true::text} is {@code true} where {@code boolout} writes {@code t}; {@code bpchar}
 * loses its padding; {@code inet} gains a mask).
 */
@Tag("postgres")
class PgValueDecoderServerTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static Connection conn;

    @BeforeAll
    static void startServer() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        conn = DriverManager.getConnection(pg.jdbcUrl(), simple);
        exec("DROP SCHEMA IF EXISTS \"decode_test\" CASCADE");
        exec("CREATE SCHEMA \"decode_test\"");
        exec("SET search_path = \"decode_test\", pg_catalog");
        exec("CREATE DOMAIN \"posint\" AS int4 CHECK (VALUE > 0)");
        exec("CREATE DOMAIN \"small_posint\" AS \"posint\" CHECK (VALUE < 100)");
        exec("CREATE DOMAIN \"amount\" AS numeric(10,2)");
        exec("CREATE DOMAIN \"int_list\" AS int4[]");
        exec("CREATE DOMAIN \"moment\" AS timestamptz");
        exec("CREATE TYPE \"mood\" AS ENUM ('sad', 'ok', 'happy')");
        exec("CREATE TYPE \"pair\" AS (\"a\" int4, \"b\" text)");
        setSession("UTC");
    }

    @AfterAll
    static void disconnect() throws SQLException {
        if (conn != null) {
            exec("DROP SCHEMA IF EXISTS \"decode_test\" CASCADE");
            conn.close();
        }
    }

    static Stream<Arguments> literals() {
        return Stream.of(
                // bool and integers
                Arguments.of("true", Boolean.TRUE),
                Arguments.of("'f'::bool", Boolean.FALSE),
                Arguments.of("(-32768)::int2", (short) -32768),
                Arguments.of("2147483647::int4", 2147483647),
                Arguments.of("(-9223372036854775808)::int8", Long.MIN_VALUE),
                Arguments.of("4294967295::oid", 4294967295L),
                Arguments.of("'12345'::xid", 12345L),
                // floating point, with the server's shortest-exact output
                Arguments.of("'1.5'::float4", 1.5f),
                Arguments.of("'1e20'::float4", 1e20f),
                Arguments.of("0.1::float8", 0.1d),
                Arguments.of("'1e300'::float8", 1e300d),
                Arguments.of("'NaN'::float4", Float.NaN),
                Arguments.of("'-Infinity'::float8", Double.NEGATIVE_INFINITY),
                // numeric keeps its scale; specials stay text
                Arguments.of("'12.50'::numeric", new BigDecimal("12.50")),
                Arguments.of("'-0.000001'::numeric", new BigDecimal("-0.000001")),
                Arguments.of("'1e30'::numeric", new BigDecimal("1000000000000000000000000000000")),
                Arguments.of("'123456789012345678901234567890.123456789'::numeric",
                        new BigDecimal("123456789012345678901234567890.123456789")),
                Arguments.of("'NaN'::numeric", "NaN"),
                Arguments.of("'Infinity'::numeric", "Infinity"),
                Arguments.of("'-Infinity'::numeric", "-Infinity"),
                Arguments.of("'12.34'::money", "$12.34"),
                // text-like
                Arguments.of("'héllo wörld'::text", "héllo wörld"),
                Arguments.of("'ab'::varchar(10)", "ab"),
                Arguments.of("'ab'::char(4)", "ab  "),
                Arguments.of("'x'::\"char\"", "x"),
                Arguments.of("'pg_class'::name", "pg_class"),
                Arguments.of("'{\"b\": 1, \"a\": [1, 2]}'::json", "{\"b\": 1, \"a\": [1, 2]}"),
                Arguments.of("'{\"b\":1,\"a\":[1,2]}'::jsonb", "{\"a\": [1, 2], \"b\": 1}"),
                Arguments.of("'<a>x</a>'::xml", "<a>x</a>"),
                Arguments.of("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
                        UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                Arguments.of("'\\x0102ab'::bytea", new byte[] {1, 2, (byte) 0xab}),
                // dates and times
                Arguments.of("'2026-11-24'::date", LocalDate.of(2026, 11, 24)),
                Arguments.of("'0044-03-15 BC'::date", LocalDate.of(-43, 3, 15)),
                Arguments.of("'0001-02-29 BC'::date", LocalDate.of(0, 2, 29)),
                Arguments.of("'5874897-12-31'::date", LocalDate.of(5874897, 12, 31)),
                Arguments.of("'infinity'::date", "infinity"),
                Arguments.of("'-infinity'::date", "-infinity"),
                Arguments.of("'13:45:00.123456'::time", LocalTime.of(13, 45, 0, 123_456_000)),
                Arguments.of("'00:00'::time", LocalTime.MIDNIGHT),
                Arguments.of("'24:00:00'::time", "24:00:00"),
                Arguments.of("'13:45:00+02'::timetz", "13:45:00+02"),
                Arguments.of("'2026-11-24 13:45:00.123456'::timestamp", LocalDateTime.of(2026, 11, 24, 13, 45, 0, 123_456_000)),
                Arguments.of("'0044-03-15 12:00:00.5 BC'::timestamp", LocalDateTime.of(-43, 3, 15, 12, 0, 0, 500_000_000)),
                Arguments.of("'294276-12-31 23:59:59.999999'::timestamp",
                        LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000)),
                Arguments.of("'infinity'::timestamp", "infinity"),
                Arguments.of("'2026-11-24 13:45:00.123456+02'::timestamptz", Instant.parse("2026-11-24T11:45:00.123456Z")),
                Arguments.of("'0044-03-15 12:00+00 BC'::timestamptz", LocalDateTime.of(-43, 3, 15, 12, 0)
                        .toInstant(java.time.ZoneOffset.UTC)),
                Arguments.of("'-infinity'::timestamptz", "-infinity"),
                Arguments.of("'1 day 02:00'::interval", "1 day 02:00:00"),
                // types that stay text
                Arguments.of("'192.168.0.1/24'::inet", "192.168.0.1/24"),
                Arguments.of("'10.0.0.0/8'::cidr", "10.0.0.0/8"),
                Arguments.of("'08:00:2b:01:02:03'::macaddr", "08:00:2b:01:02:03"),
                Arguments.of("B'101'", "101"),
                Arguments.of("B'1'::varbit", "1"),
                Arguments.of("'a fat cat'::tsvector", "'a' 'cat' 'fat'"),
                Arguments.of("'(1,2)'::point", "(1,2)"),
                Arguments.of("'[1,5)'::int4range", "[1,5)"),
                Arguments.of("'1 2'::int2vector", "1 2"),
                // arrays
                Arguments.of("'{1,2,NULL}'::int4[]", Arrays.asList(1, 2, null)),
                Arguments.of("'{\"a b\",\"c\\\"d\",NULL,\"NULL\",\"\",\"null\"}'::text[]",
                        Arrays.asList("a b", "c\"d", null, "NULL", "", "null")),
                Arguments.of("ARRAY['a\\b', 'a{b}', 'x,y', 'é', ' lead', E'tab\\there']::text[]",
                        List.of("a\\b", "a{b}", "x,y", "é", " lead", "tab\there")),
                Arguments.of("'{{1,2},{3,4}}'::int4[]", List.of(List.of(1, 2), List.of(3, 4))),
                Arguments.of("'[0:1]={1,2}'::int4[]", List.of(1, 2)),
                Arguments.of("'[2:3][-1:0]={{1,2},{3,4}}'::int8[]", List.of(List.of(1L, 2L), List.of(3L, 4L))),
                Arguments.of("'{}'::int4[]", List.of()),
                Arguments.of("'{(1,1),(0,0);(3,3),(2,2)}'::box[]", List.of("(1,1),(0,0)", "(3,3),(2,2)")),
                Arguments.of("'{1.50,NaN}'::numeric[]", List.of(new BigDecimal("1.50"), "NaN")),
                Arguments.of("ARRAY['2020-01-01 10:00:00+00'::timestamptz, 'infinity']",
                        List.of(Instant.parse("2020-01-01T10:00:00Z"), "infinity")),
                Arguments.of("'{\"{\\\"a\\\": 1}\",null}'::jsonb[]", Arrays.asList("{\"a\": 1}", null)),
                Arguments.of("'{t,f}'::bool[]", List.of(true, false)),
                Arguments.of("'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]",
                        List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))),
                Arguments.of("'{\"[1,5)\",empty}'::int4range[]", List.of("[1,5)", "empty")),
                // domains, enums, composites
                Arguments.of("7::\"posint\"", 7),
                Arguments.of("42::\"small_posint\"", 42),
                Arguments.of("'12.5'::\"amount\"", new BigDecimal("12.50")),
                Arguments.of("'{1,2}'::\"int_list\"", List.of(1, 2)),
                Arguments.of("ARRAY[1, 2]::\"posint\"[]", List.of(1, 2)),
                Arguments.of("'2026-11-24 13:45:00+00'::\"moment\"", Instant.parse("2026-11-24T13:45:00Z")),
                Arguments.of("'happy'::\"mood\"", "happy"),
                Arguments.of("'{sad,happy}'::\"mood\"[]", List.of("sad", "happy")),
                Arguments.of("ROW(1, 'x y')::\"pair\"", "(1,\"x y\")"),
                Arguments.of("ARRAY[ROW(1, 'x y')::\"pair\", ROW(2, NULL)::\"pair\"]", List.of("(1,\"x y\")", "(2,)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("literals")
    void decodesTheServersTextOutput(String expression, Object expected) throws SQLException {
        PgValueDecoder decoder = new PgValueDecoder(PgTypeRegistry.create());
        String[] textAndOid = textAndOid(expression);
        Object decoded = decoder.forType(Integer.parseInt(textAndOid[1]), conn).decode(textAndOid[0]);
        assertThat(decoded).as("%s sent as '%s'", expression, textAndOid[0]).isEqualTo(expected);
    }

    @Test
    void byteaInsideArraysAndInEscapeFormat() throws SQLException {
        PgValueDecoder decoder = new PgValueDecoder(PgTypeRegistry.create());
        String[] array = textAndOid("ARRAY['\\x01ff'::bytea, NULL]");
        List<?> list = (List<?>) decoder.forType(Integer.parseInt(array[1]), conn).decode(array[0]);
        assertThat((byte[]) list.get(0)).containsExactly(1, 0xff);
        assertThat(list.get(1)).isNull();
        try {
            exec("SET bytea_output = escape");
            String[] escaped = textAndOid("'\\x00ff5c41'::bytea");
            assertThat(escaped[0]).isEqualTo("\\000\\377\\\\A");
            assertThat((byte[]) decoder.forType(BuiltinTypes.BYTEA).decode(escaped[0])).containsExactly(0, 0xff, 0x5c, 0x41);
        } finally {
            exec("SET bytea_output = hex");
        }
    }

    @Test
    void timestamptzIsTheSameInstantInEverySessionTimeZone() throws SQLException {
        String[] zones = {"UTC", "Asia/Kolkata", "America/Sao_Paulo", "Europe/Amsterdam", "Pacific/Chatham",
            "America/St_Johns", "Asia/Kathmandu", "Africa/Monrovia"};
        String[] moments = {"2026-11-24 13:45:00.123456+00", "1890-01-01 12:00:00+00", "1900-06-01 00:00:00+00",
            "1970-01-01 00:00:00+00", "0044-03-15 12:00:00+00 BC", "2038-01-19 03:14:08+00"};
        try {
            for (String zone : zones) {
                setSession(zone);
                for (String moment : moments) {
                    String text = textAndOid("'" + moment + "'::timestamptz")[0];
                    Object decoded = BuiltinDecoder.TIMESTAMPTZ.decode(text);
                    setSession("UTC");
                    Object inUtc = BuiltinDecoder.TIMESTAMPTZ.decode(textAndOid("'" + moment + "'::timestamptz")[0]);
                    setSession(zone);
                    assertThat(decoded).as("%s in %s sent as '%s'", moment, zone, text).isEqualTo(inUtc);
                }
            }
        } finally {
            setSession("UTC");
        }
    }

    @Test
    void builtinSeedMatchesTheServerCatalog() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(PgTypeRegistry.SELECT_TYPE)) {
            for (PgType seeded : BuiltinTypes.ALL) {
                ps.setLong(1, seeded.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("type %d on the server", seeded.oid()).isTrue();
                    PgType live = new PgType(rs.getInt(1), rs.getString(2), rs.getString(3),
                            PgType.Kind.of(rs.getString(4).charAt(0)), rs.getInt(5), rs.getInt(6),
                            rs.getString(7).charAt(0), rs.getString(8).charAt(0), rs.getInt(9));
                    assertThat(live).isEqualTo(seeded);
                }
            }
        }
    }

    @Test
    void firstUnknownOidLoadsTheWholeCatalogOnce() throws SQLException {
        PgTypeRegistry registry = PgTypeRegistry.create();
        int seeded = registry.size();
        assertThat(registry.isLoaded()).isFalse();
        int posint = oidOf("\"decode_test\".\"posint\"");
        assertThat(registry.lookup(posint, conn)).map(PgType::name).contains("posint");
        assertThat(registry.isLoaded()).isTrue();
        assertThat(registry.size()).isGreaterThan(seeded + 100);
        assertThat(registry.find(oidOf("\"decode_test\".\"mood\""))).map(PgType::kind).contains(PgType.Kind.ENUM);
    }

    @Test
    void typeCreatedAfterTheLoadIsFetchedByOid() throws SQLException {
        PgValueDecoder decoder = new PgValueDecoder(PgTypeRegistry.create());
        decoder.forType(oidOf("\"decode_test\".\"posint\""), conn);
        assertThat(decoder.registry().isLoaded()).isTrue();
        exec("DROP DOMAIN IF EXISTS \"decode_test\".\"late_big\"");
        exec("CREATE DOMAIN \"decode_test\".\"late_big\" AS int8");
        try {
            int late = oidOf("\"decode_test\".\"late_big\"");
            int lateArray = oidOf("\"decode_test\".\"_late_big\"");
            assertThat(decoder.registry().find(late)).isEmpty();
            assertThat(decoder.forType(late, conn).decode("5")).isEqualTo(5L);
            assertThat(decoder.forType(lateArray, conn).decode("{5,NULL}")).isEqualTo(Arrays.asList(5L, null));
            assertThat(decoder.typeName(late, conn)).isEqualTo("late_big");
        } finally {
            exec("DROP DOMAIN \"decode_test\".\"late_big\"");
        }
    }

    @Test
    void refreshForgetsDroppedTypes() throws SQLException {
        PgTypeRegistry registry = PgTypeRegistry.create();
        exec("CREATE TYPE \"decode_test\".\"short_lived\" AS ENUM ('x')");
        int oid = oidOf("\"decode_test\".\"short_lived\"");
        assertThat(registry.lookup(oid, conn)).isPresent();
        exec("DROP TYPE \"decode_test\".\"short_lived\"");
        assertThat(registry.find(oid)).isPresent();
        registry.refresh(conn);
        assertThat(registry.find(oid)).isEmpty();
        assertThat(registry.lookup(oid, conn)).isEmpty();
        assertThat(new PgValueDecoder(registry).forType(oid, conn)).isSameAs(TextDecoder.TEXT);
    }

    static String[] textAndOid(String expression) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + expression + ", pg_typeof(" + expression + ")::oid")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static int oidOf(String qualifiedType) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT '" + qualifiedType + "'::regtype::oid")) {
            rs.next();
            return (int) rs.getLong(1);
        }
    }

    /** The settings the replication connection uses, with the given time zone. */
    private static void setSession(String timeZone) throws SQLException {
        exec("SET TimeZone = '" + timeZone + "'");
        exec("SET DateStyle = ISO");
        exec("SET IntervalStyle = postgres");
    }

    private static void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }
}
