package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.testing.MariaDbServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random values written through JDBC come back from the binlog as the same Java values: the
 * oracle is the value itself (exact decimals, unsigned integers, temporal values with
 * microseconds, negative and long times, text beyond the BMP).
 */
@Tag("mariadb")
class DecodingPropertyTest {
    static final String DATABASE = "decoding_property";
    static MariaDbServer server;
    static Capture capture;
    static Pipeline pipeline;
    static int nextId = 1;

    record Values(BigDecimal d, BigDecimal wide, BigInteger ubig, long micros, LocalDateTime dt, Instant ts, double dbl,
                  String text) {
    }

    @BeforeContainer
    static void start() {
        server = MariaDbServer.shared();
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        server.execute(DATABASE, "CREATE TABLE `" + Capture.MARKER_TABLE + "` (id int AUTO_INCREMENT PRIMARY KEY, note varchar(20))",
                "CREATE TABLE v (id int PRIMARY KEY, d decimal(20,6), wide decimal(65,30), ubig bigint unsigned,"
                        + " t time(6), dt datetime(6), ts timestamp(6) NULL, dbl double, txt varchar(200)) DEFAULT CHARSET=utf8mb4");
        capture = new Capture();
        pipeline = Pipelines.start("decoding", Pipelines.source(server, DATABASE, "v").build(), CheckpointStore.inMemory(),
                capture, 1000);
        Pipelines.awaitStreaming(server, DATABASE, capture);
    }

    @AfterContainer
    static void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        server.dropDatabase(DATABASE);
    }

    private static BigDecimal decimal(BigInteger unscaled, int scale) {
        return new BigDecimal(unscaled, scale);
    }

    @Provide
    Arbitrary<List<Values>> values() {
        Arbitrary<BigDecimal> d = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20).negate().add(BigInteger.ONE),
                BigInteger.TEN.pow(20).subtract(BigInteger.ONE)).map(u -> decimal(u, 6));
        Arbitrary<BigDecimal> wide = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(65).negate().add(BigInteger.ONE),
                BigInteger.TEN.pow(65).subtract(BigInteger.ONE)).map(u -> decimal(u, 30));
        Arbitrary<BigInteger> ubig = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
        long maxTime = 838L * 3_600_000_000L + 59L * 60_000_000L + 59L * 1_000_000L;
        Arbitrary<Long> micros = Arbitraries.oneOf(Arbitraries.longs().between(-maxTime, maxTime),
                Arbitraries.longs().between(-2_000_000, 86_400_000_000L));
        Arbitrary<LocalDateTime> dt = Arbitraries.longs().between(
                LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L,
                LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 999_999)
                .map(us -> LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC));
        Arbitrary<Instant> ts = Arbitraries.longs().between(1_000_000L, 2_147_483_647L * 1_000_000L + 999_999)
                .map(us -> Instant.ofEpochSecond(us / 1_000_000L, (us % 1_000_000L) * 1000));
        Arbitrary<Double> dbl = Arbitraries.doubles().filter(x -> Double.isFinite(x) && x != 0.0 || x == 0.0 && 1 / x > 0);
        Arbitrary<String> text = Arbitraries.strings().withCharRange('a', 'z').withChars('\'', '\\', '"', '\u00e9', '\u20ac')
                .withChars("\uD83D\uDE00\uD83C\uDF89".toCharArray()).ofMaxLength(40)
                .filter(s -> !s.isEmpty() && validSurrogates(s));
        return Combinators.combine(d, wide, ubig, micros, dt, ts, dbl, text).as(Values::new).list().ofMinSize(1).ofMaxSize(30);
    }

    private static boolean validSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String timeText(long micros) {
        boolean neg = micros < 0;
        long a = Math.abs(micros);
        long h = a / 3_600_000_000L;
        long m = a / 60_000_000L % 60;
        long s = a / 1_000_000L % 60;
        long f = a % 1_000_000L;
        return (neg ? "-" : "") + String.format("%02d:%02d:%02d.%06d", h, m, s, f);
    }

    /** What the source promises for TIME: LocalTime within a day, otherwise the text with trailing zeros trimmed. */
    static Object expectedTime(long micros) {
        if (micros >= 0 && micros < 86_400_000_000L) {
            return LocalTime.ofNanoOfDay(micros * 1000);
        }
        String t = timeText(micros);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    @Property(tries = 15)
    void valuesWrittenThroughJdbcComeBackExactly(@ForAll("values") List<Values> rows) throws Exception {
        if (rows.isEmpty()) {
            return;
        }
        int first = nextId;
        int before = capture.events().size();
        try (Connection c = server.connect(DATABASE)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET time_zone = '+00:00'");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Values v : rows) {
                    ps.setInt(1, nextId++);
                    ps.setBigDecimal(2, v.d());
                    ps.setBigDecimal(3, v.wide());
                    ps.setString(4, v.ubig().toString());
                    ps.setString(5, timeText(v.micros()));
                    ps.setString(6, v.dt().toString().replace('T', ' '));
                    ps.setString(7, LocalDateTime.ofInstant(v.ts(), ZoneOffset.UTC).toString().replace('T', ' '));
                    ps.setDouble(8, v.dbl());
                    ps.setString(9, v.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<ChangeEvent> events = capture.awaitEvents(before + rows.size()).subList(before, before + rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Values v = rows.get(i);
            Row r = events.get(i).after();
            assertThat(r.get("id")).isEqualTo(first + i);
            assertThat(r.get("d")).isEqualTo(v.d());
            assertThat(r.get("wide")).isEqualTo(v.wide());
            Object ubig = r.get("ubig");
            assertThat(ubig instanceof Long l ? BigInteger.valueOf(l) : ubig).isEqualTo(v.ubig());
            assertThat(r.get("t")).as("TIME %s", timeText(v.micros())).isEqualTo(expectedTime(v.micros()));
            assertThat(r.get("dt")).isEqualTo(v.dt());
            assertThat(r.get("ts")).isEqualTo(v.ts());
            assertThat(r.get("dbl")).isEqualTo(v.dbl());
            assertThat(r.get("txt")).isEqualTo(v.text());
        }
    }
}
