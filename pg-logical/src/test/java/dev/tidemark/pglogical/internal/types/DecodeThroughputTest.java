package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Prints how many typical rows (int8, int4, numeric, text, timestamptz, text) the per-column
 * decoders turn into values per second. Informational: the machine is shared, so nothing is
 * asserted about time; run {@link #main} for a longer measurement.
 */
class DecodeThroughputTest {
    private static final int[] COLUMN_TYPES = {BuiltinTypes.INT8, BuiltinTypes.INT4, BuiltinTypes.NUMERIC,
        BuiltinTypes.TEXT, BuiltinTypes.TIMESTAMPTZ, BuiltinTypes.TEXT};

    @Test
    void printsRowsPerSecondForATypicalRow() {
        double rowsPerSecond = measure(200_000, 1_000_000);
        System.out.printf("decode throughput: %.0f rows/s (%.0f values/s)%n", rowsPerSecond,
                rowsPerSecond * COLUMN_TYPES.length);
        assertThat(rowsPerSecond).isPositive();
    }

    public static void main(String[] args) {
        for (int round = 0; round < 5; round++) {
            System.out.printf("round %d: %.0f rows/s%n", round, measure(1_000_000, 5_000_000));
        }
    }

    private static double measure(int warmupRows, int rows) {
        // What a Relation message gives the reader: one decoder per column, computed once.
        PgValueDecoder decoder = PgValueDecoder.builtinsOnly();
        TextDecoder[] columns = new TextDecoder[COLUMN_TYPES.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = decoder.forType(COLUMN_TYPES[i]);
        }
        String[][] samples = new String[64][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new String[] {Long.toString(9_000_000_000L + i * 7919L), Integer.toString(i * 31),
                (i * 17) + "." + (10 + i), "customer-" + i + "@example.com",
                "2026-11-24 13:" + (10 + i % 50) + ":00." + (100_000 + i * 13) + "+00", "status-" + (i % 5)};
        }
        Object[] row = new Object[columns.length];
        long sink = 0;
        sink += run(columns, samples, row, warmupRows);
        long start = System.nanoTime();
        sink += run(columns, samples, row, rows);
        long elapsed = System.nanoTime() - start;

        Object[] check = new Object[columns.length];
        run(columns, new String[][] {samples[3]}, check, 1);
        assertThat(check).containsExactly(9_000_000_000L + 3 * 7919L, 93, new BigDecimal("51.13"),
                "customer-3@example.com", Instant.parse("2026-11-24T13:13:00.100039Z"), "status-3");
        assertThat(sink).isNotZero();
        return rows / (elapsed / 1e9);
    }

    private static long run(TextDecoder[] columns, String[][] samples, Object[] row, int rows) {
        long sink = 0;
        for (int r = 0; r < rows; r++) {
            String[] text = samples[r & (samples.length - 1)];
            for (int c = 0; c < columns.length; c++) {
                row[c] = columns[c].decode(text[c]);
            }
            sink += row[0].hashCode() + row[4].hashCode();
        }
        return sink;
    }
}
