package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Tag;

/**
 * Random values through a real server's output functions and back through the decoders; the
 * server is the oracle, and the test-side formatter ({@link PgTextFormat}) is checked against it.
 */
@Tag("postgres")
class ServerOutputPropertiesTest {
    private static final String[] ZONES = {"UTC", "Asia/Kolkata", "America/Sao_Paulo", "Europe/Amsterdam",
        "Pacific/Chatham", "America/St_Johns", "Australia/Lord_Howe"};
    private static Connection conn;

    @BeforeContainer
    static void connect() throws SQLException {
        Properties simple = new Properties();
        // Text results straight from the output functions, as pgoutput sends them.
        simple.setProperty("preferQueryMode", "simple");
        // read-only queries: the admin database of the shared test server will do
        PostgresServer server = PostgresServer.shared();
        conn = DriverManager.getConnection(server.jdbcUrl(server.adminDatabase()), simple);
        try (Statement st = conn.createStatement()) {
            st.execute("SET DateStyle = ISO");
        }
    }

    @AfterContainer
    static void disconnect() throws SQLException {
        if (conn != null) {
            conn.close();
        }
    }

    @Property(tries = 300)
    void textArraysSurviveTheServer(@ForAll("textLists") List<String> values) throws SQLException {
        Array array = conn.createArrayOf("text", values.toArray());
        String sent;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::text[]")) {
            ps.setArray(1, array);
            sent = single(ps);
        }
        assertThat(sent).isEqualTo(PgTextFormat.array(values, ','));
        assertThat(PgValueDecoder.builtinsOnly().forType(1009).decode(sent)).isEqualTo(values);
    }

    @Property(tries = 300)
    void timestamptzSurvivesTheServerInAnyZone(@ForAll("timestamps") LocalDateTime utc,
                                               @ForAll("zones") String zone) throws SQLException {
        Instant instant = utc.toInstant(ZoneOffset.UTC);
        String sent;
        try (Statement st = conn.createStatement()) {
            st.execute("SET TimeZone = '" + zone + "'");
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::timestamptz")) {
            ps.setString(1, PgTextFormat.timestamptz(instant, 0));
            sent = single(ps);
        }
        assertThat(BuiltinDecoder.TIMESTAMPTZ.decode(sent)).as("sent as '%s' in %s", sent, zone).isEqualTo(instant);
    }

    @Property(tries = 300)
    void timestampMatchesTheServersOutput(@ForAll("timestamps") LocalDateTime ts) throws SQLException {
        String sent;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::timestamp")) {
            ps.setString(1, PgTextFormat.timestamp(ts));
            sent = single(ps);
        }
        assertThat(sent).isEqualTo(PgTextFormat.timestamp(ts));
        assertThat(BuiltinDecoder.TIMESTAMP.decode(sent)).isEqualTo(ts);
    }

    @Property(tries = 300)
    void numericKeepsItsScaleThroughTheServer(@ForAll("decimals") BigDecimal value) throws SQLException {
        String sent;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::numeric")) {
            ps.setString(1, value.toPlainString());
            sent = single(ps);
        }
        assertThat(BuiltinDecoder.NUMERIC.decode(sent)).isEqualTo(value);
    }

    @Property(tries = 200)
    void float8SurvivesTheServer(@ForAll double value) throws SQLException {
        String sent;
        try (PreparedStatement ps = conn.prepareStatement("SELECT ?::float8")) {
            ps.setString(1, Double.toString(value));
            sent = single(ps);
        }
        assertThat(BuiltinDecoder.FLOAT8.decode(sent)).isEqualTo(value);
    }

    private static String single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Provide
    Arbitrary<List<String>> textLists() {
        // No NUL and no lone surrogates: text cannot hold them.
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('"', '\\', '{', '}', ',', ';', ' ', '\t', '\n', 'a', 'N', 'U', 'L', 'l', 'é', '€', '[', ']')
                .ofMaxLength(8);
        Arbitrary<String> nullish = Arbitraries.of("NULL", "null", "", " ", "\"", "\\", "{}");
        Arbitrary<String> element = Arbitraries.frequencyOf(Tuple.of(6, tricky), Tuple.of(2, nullish),
                Tuple.of(1, Arbitraries.just((String) null)));
        return element.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<LocalDateTime> timestamps() {
        long min = LocalDateTime.of(-4712, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(294276, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        long from1850 = LocalDateTime.of(1850, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long to2100 = LocalDateTime.of(2100, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(min, max),
                Arbitraries.longs().between(from1850, to2100));
        return Combinators.combine(seconds, Arbitraries.integers().between(0, 999_999))
                .as((s, micros) -> LocalDateTime.ofEpochSecond(s, micros * 1000, ZoneOffset.UTC));
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(ZONES);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                Arbitraries.integers().between(0, 20)).as(BigDecimal::new);
    }
}
