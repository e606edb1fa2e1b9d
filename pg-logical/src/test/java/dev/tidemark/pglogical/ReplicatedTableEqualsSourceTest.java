package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Row;
import dev.tidemark.testing.PostgresExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Differential test: random rows of every supported type are inserted, updated (some with large
 * TOASTed values left unchanged) and deleted in random transactions; the table rebuilt from the
 * replicated events must equal the table read back through plain JDBC, mapped to the same Java
 * types. The seed is random per run and printed in every failure; rerun one with
 * {@code -Dtidemark.seed=<seed>}.
 */
@Tag("postgres")
class ReplicatedTableEqualsSourceTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private static final long SEED = Long.getLong("tidemark.seed", new Random().nextLong());
    private static final int ROWS = 400;
    private static PgHarness harness;
    private static Pipeline pipeline;
    private static final Capture capture = new Capture();

    /** A column: its SQL type, a random SQL literal (null for NULL), and the JDBC read of the oracle. */
    private record Col(String name, String type, Function<Random, String> literal, Reader reader) {
    }

    @FunctionalInterface
    private interface Reader {
        Object read(ResultSet rs, int index) throws SQLException;
    }

    private static final String BIG_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static final List<Col> COLUMNS = List.of(
            new Col("c_int2", "int2", r -> Short.toString((short) r.nextInt()), (rs, i) -> rs.getShort(i)),
            new Col("c_int4", "int4", r -> Integer.toString(r.nextInt()), (rs, i) -> rs.getInt(i)),
            new Col("c_int8", "int8", r -> Long.toString(r.nextLong()), (rs, i) -> rs.getLong(i)),
            new Col("c_numeric", "numeric", ReplicatedTableEqualsSourceTest::numeric, ReplicatedTableEqualsSourceTest::readNumeric),
            new Col("c_numeric_12_2", "numeric(12,2)", r -> BigDecimal.valueOf(r.nextInt(2_000_000_000) - 1_000_000_000L, 2)
                    .movePointLeft(r.nextInt(3)).toPlainString(), ReplicatedTableEqualsSourceTest::readNumeric),
            new Col("c_float4", "float4", ReplicatedTableEqualsSourceTest::float4, (rs, i) -> rs.getFloat(i)),
            new Col("c_float8", "float8", ReplicatedTableEqualsSourceTest::float8, (rs, i) -> rs.getDouble(i)),
            new Col("c_bool", "bool", r -> Boolean.toString(r.nextBoolean()), (rs, i) -> rs.getBoolean(i)),
            new Col("c_text", "text", r -> text(r, 30), (rs, i) -> rs.getString(i)),
            new Col("c_big", "text", r -> r.nextInt(4) == 0 ? big(r) : text(r, 10), (rs, i) -> rs.getString(i)),
            new Col("c_varchar", "varchar(20)", r -> text(r, 20), (rs, i) -> rs.getString(i)),
            new Col("c_char", "char(5)", r -> text(r, 5).stripTrailing(), (rs, i) -> rs.getString(i)),
            new Col("c_bytea", "bytea", r -> {
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                return "\\x" + HexFormat.of().formatHex(b);
            }, (rs, i) -> rs.getBytes(i)),
            new Col("c_date", "date", r -> LocalDate.ofEpochDay(randomDay(r)).toString(),
                    (rs, i) -> rs.getObject(i, LocalDate.class)),
            new Col("c_time", "time", r -> LocalTime.ofNanoOfDay(micros(r, 86_400_000_000L) * 1000).toString(),
                    (rs, i) -> rs.getObject(i, LocalTime.class)),
            new Col("c_timestamp", "timestamp", r -> LocalDateTime.of(LocalDate.ofEpochDay(randomDay(r)),
                    LocalTime.ofNanoOfDay(micros(r, 86_400_000_000L) * 1000)).toString(),
                    (rs, i) -> rs.getObject(i, LocalDateTime.class)),
            new Col("c_timestamptz", "timestamptz", ReplicatedTableEqualsSourceTest::timestamptz, (rs, i) -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }),
            new Col("c_uuid", "uuid", r -> new UUID(r.nextLong(), r.nextLong()).toString(),
                    (rs, i) -> rs.getObject(i, UUID.class)),
            new Col("c_json", "json", r -> "{\"k\": " + jsonString(text(r, 12)) + ",  \"n\": [" + r.nextInt() + "]}",
                    (rs, i) -> rs.getString(i)),
            new Col("c_jsonb", "jsonb", r -> "{\"z\": " + r.nextDouble() + ", \"a\": " + jsonString(text(r, 12)) + "}",
                    (rs, i) -> rs.getString(i)),
            new Col("c_int_array", "int4[]", r -> arrayLiteral(r, 6, x -> Integer.toString(x.nextInt())),
                    ReplicatedTableEqualsSourceTest::readArray),
            new Col("c_text_array", "text[]", r -> arrayLiteral(r, 6, x -> quoteElement(text(x, 8))),
                    ReplicatedTableEqualsSourceTest::readArray),
            new Col("c_float8_array", "float8[]", r -> arrayLiteral(r, 4, ReplicatedTableEqualsSourceTest::float8),
                    ReplicatedTableEqualsSourceTest::readArray),
            new Col("c_int_matrix", "int4[][]", ReplicatedTableEqualsSourceTest::matrix,
                    ReplicatedTableEqualsSourceTest::readArray),
            new Col("c_mood", "\"mood\"", r -> List.of("sad", "ok", "happy", "it's").get(r.nextInt(4)),
                    (rs, i) -> rs.getString(i)),
            new Col("c_posint", "\"posint\"", r -> Integer.toString(1 + r.nextInt(Integer.MAX_VALUE)),
                    (rs, i) -> rs.getInt(i)),
            new Col("c_interval", "interval", r -> r.nextInt(1000) + " years " + (r.nextInt(2000) - 1000) + " days "
                    + micros(r, 1_000_000_000_000L) + " microseconds", (rs, i) -> rs.getString(i)),
            new Col("c_inet", "inet", r -> r.nextBoolean()
                    ? (r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "/" + r.nextInt(33))
                    : Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536)),
                    (rs, i) -> rs.getString(i)),
            new Col("c_money", "money", r -> BigDecimal.valueOf(r.nextLong() % 100_000_000_000L, 2).toPlainString(),
                    (rs, i) -> rs.getString(i)));

    @BeforeAll
    static void startPipeline() {
        String columns = COLUMNS.stream().map(c -> "\"" + c.name() + "\" " + c.type()).collect(Collectors.joining(", "));
        pg.execute("CREATE TYPE \"mood\" AS ENUM ('sad', 'ok', 'happy', 'it''s')",
                "CREATE DOMAIN \"posint\" AS int4 CHECK (VALUE > 0)",
                "CREATE TABLE \"wide\" (\"id\" int PRIMARY KEY, " + columns + ")",
                // whole old rows: an update that leaves a TOASTed value alone must still replicate it
                "ALTER TABLE \"wide\" REPLICA IDENTITY FULL");
        harness = new PgHarness(pg);
        String name = PgHarness.uniqueName("wide");
        pipeline = harness.startStreaming(harness.pipeline(name, harness.source("public.wide").build(),
                CheckpointStore.inMemory(), capture).maxBatchEvents(97), "tidemark_" + name);
    }

    @AfterAll
    static void stopPipeline() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theTableRebuiltFromReplicatedRowsEqualsItsSourceReadThroughJdbc() throws SQLException {
        Random r = new Random(SEED);
        int statements = 0;
        try (Connection c = pg.connection()) {
            c.setAutoCommit(false);
            int nextId = 1;
            List<Integer> live = new ArrayList<>();
            while (nextId <= ROWS) {
                int size = 1 + r.nextInt(15);
                for (int k = 0; k < size; k++) {
                    int dice = r.nextInt(10);
                    if (dice < 6 || live.isEmpty()) {
                        insert(c, r, nextId);
                        live.add(nextId++);
                    } else if (dice < 9) {
                        update(c, r, live.get(r.nextInt(live.size())));
                    } else {
                        Integer id = live.remove(r.nextInt(live.size()));
                        try (Statement st = c.createStatement()) {
                            st.execute("DELETE FROM \"wide\" WHERE \"id\" = " + id);
                        }
                    }
                    statements++;
                }
                c.commit();
            }
        }
        int expectedEvents = statements;
        PgHarness.until(pipeline, () -> capture.eventCount() >= expectedEvents);

        Map<Integer, List<Object>> replicated = new TreeMap<>();
        for (ChangeEvent e : capture.events()) {
            switch (e.op()) {
                case CREATE, UPDATE -> {
                    if (e.before() != null) {
                        replicated.remove((Integer) e.before().get("id"));
                    }
                    replicated.put((Integer) e.after().get("id"), comparable(e.after()));
                }
                case DELETE -> replicated.remove((Integer) e.before().get("id"));
                default -> throw new AssertionError("unexpected " + e);
            }
        }
        Map<Integer, List<Object>> source = readSource();
        assertThat(capture.eventCount()).as("seed %d", SEED).isEqualTo(expectedEvents);
        assertThat(replicated.keySet()).as("seed %d: ids", SEED).isEqualTo(source.keySet());
        for (Integer id : source.keySet()) {
            List<Object> want = source.get(id);
            List<Object> got = replicated.get(id);
            for (int i = 0; i < want.size(); i++) {
                String column = i == 0 ? "id" : COLUMNS.get(i - 1).name();
                assertThat(got.get(i)).as("seed %d: row %d column %s", SEED, id, column).isEqualTo(want.get(i));
            }
        }
    }

    private static void insert(Connection c, Random r, int id) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO \"wide\" VALUES (?");
        for (Col col : COLUMNS) {
            sql.append(", ?::").append(col.type());
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setInt(1, id);
            for (int i = 0; i < COLUMNS.size(); i++) {
                bind(ps, i + 2, COLUMNS.get(i), r);
            }
            ps.execute();
        }
    }

    /** Sets a random subset of the columns: the others, TOASTed ones included, stay unchanged. */
    private static void update(Connection c, Random r, int id) throws SQLException {
        List<Col> chosen = COLUMNS.stream().filter(x -> r.nextInt(3) == 0 && !x.name().equals("c_big")).toList();
        if (chosen.isEmpty()) {
            chosen = List.of(COLUMNS.get(1));
        }
        String sets = chosen.stream().map(x -> "\"" + x.name() + "\" = ?::" + x.type()).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE \"wide\" SET " + sets + " WHERE \"id\" = ?")) {
            for (int i = 0; i < chosen.size(); i++) {
                bind(ps, i + 1, chosen.get(i), r);
            }
            ps.setInt(chosen.size() + 1, id);
            ps.execute();
        }
    }

    private static void bind(PreparedStatement ps, int index, Col col, Random r) throws SQLException {
        if (r.nextInt(10) == 0) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, col.literal().apply(r));
        }
    }

    private static Map<Integer, List<Object>> readSource() throws SQLException {
        Map<Integer, List<Object>> out = new TreeMap<>();
        try (Connection c = pg.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"wide\"")) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                row.add(rs.getInt(1));
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Object v = COLUMNS.get(i).reader().read(rs, i + 2);
                    row.add(rs.wasNull() ? null : normalize(v));
                }
                out.put(rs.getInt(1), row);
            }
        }
        return out;
    }

    /** Row values in the test's comparable form: byte arrays as hex, everything else as is. */
    private static List<Object> comparable(Row row) {
        List<Object> out = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            assertThat(row.isAvailable(i)).as("seed %d: %s of row %s is available", SEED,
                    row.schema().columns().get(i).name(), row.get(0)).isTrue();
            out.add(normalize(v));
        }
        return out;
    }

    private static Object normalize(Object v) {
        return v instanceof byte[] b ? HexFormat.of().formatHex(b) : v;
    }

    // ------------------------------------------------------------------ oracle reads

    private static Object readNumeric(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        if (text == null || text.equals("NaN") || text.endsWith("Infinity")) {
            return text;
        }
        return rs.getBigDecimal(i);
    }

    private static Object readArray(ResultSet rs, int i) throws SQLException {
        Array a = rs.getArray(i);
        return a == null ? null : toList(a.getArray());
    }

    private static Object toList(Object array) {
        if (!(array instanceof Object[] elements)) {
            return array;
        }
        List<Object> out = new ArrayList<>(elements.length);
        for (Object e : elements) {
            out.add(toList(e));
        }
        return out;
    }

    // ------------------------------------------------------------------ random literals

    private static String numeric(Random r) {
        switch (r.nextInt(12)) {
            case 0:
                return "NaN";
            case 1:
                return r.nextBoolean() ? "Infinity" : "-Infinity";
            case 2:
                return BigDecimal.ZERO.setScale(r.nextInt(5)).toPlainString();
            default:
                BigInteger unscaled = new BigInteger(1 + r.nextInt(130), r);
                BigDecimal d = new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(40) - 10);
                return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
    }

    private static String float4(Random r) {
        switch (r.nextInt(10)) {
            case 0:
                return List.of("NaN", "Infinity", "-Infinity", "-0", "0").get(r.nextInt(5));
            case 1:
                return Float.toString(Float.intBitsToFloat(r.nextInt()) % 1e30f);
            default:
                return Float.toString((float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10)));
        }
    }

    private static String float8(Random r) {
        switch (r.nextInt(10)) {
            case 0:
                return List.of("NaN", "Infinity", "-Infinity", "-0", "0").get(r.nextInt(5));
            case 1: {
                double d = Double.longBitsToDouble(r.nextLong());
                return Double.isNaN(d) ? "NaN" : Double.toString(d);
            }
            default:
                return Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
        }
    }

    private static long randomDay(Random r) {
        // 0001-01-01 .. 9999-12-31
        long min = LocalDate.of(1, 1, 1).toEpochDay();
        long max = LocalDate.of(9999, 12, 31).toEpochDay();
        return r.nextInt(3) == 0 ? min + (long) (r.nextDouble() * (max - min))
                : LocalDate.of(1950, 1, 1).toEpochDay() + r.nextInt(50_000);
    }

    private static long micros(Random r, long bound) {
        long m = Math.floorMod(r.nextLong(), bound);
        return r.nextBoolean() ? m : m / 1_000_000 * 1_000_000;
    }

    private static String timestamptz(Random r) {
        Instant at = Instant.ofEpochSecond(LocalDate.ofEpochDay(randomDay(r)).toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC)
                + r.nextInt(86_400), r.nextInt(1_000_000) * 1000L);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((r.nextInt(57) - 28) * 1800);
        return OffsetDateTime.ofInstant(at, offset).toString();
    }

    /** Text of up to {@code max} code points from a mix of ASCII, syntax characters, accents and emoji. */
    private static String text(Random r, int max) {
        String[] pools = {"abcxyz ABC 019", "\"'\\{},;() \t\n", "éüßøñ中文Ωж", "😀🎉🚀"};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        while (sb.codePointCount(0, sb.length()) < n) {
            String pool = pools[r.nextInt(pools.length)];
            int[] cps = pool.codePoints().toArray();
            sb.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    private static String big(Random r) {
        StringBuilder sb = new StringBuilder(3000);
        for (int i = 0; i < 3000; i++) {
            sb.append(BIG_ALPHABET.charAt(r.nextInt(BIG_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }

    private static String arrayLiteral(Random r, int max, Function<Random, String> element) {
        List<String> parts = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            parts.add(r.nextInt(6) == 0 ? "NULL" : element.apply(r));
        }
        return "{" + String.join(",", parts) + "}";
    }

    private static String quoteElement(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String matrix(Random r) {
        int rows = 1 + r.nextInt(3);
        int cols = 1 + r.nextInt(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                row.add(r.nextInt(5) == 0 ? "NULL" : Integer.toString(r.nextInt()));
            }
            out.add("{" + String.join(",", row) + "}");
        }
        return "{" + String.join(",", out) + "}";
    }

}
