package dev.tidemark.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable row image: a {@link RowSchema} and one typed value per column.
 *
 * <p>Values are plain Java types: {@code Short/Integer/Long/BigInteger} for integers,
 * {@code BigDecimal} for exact decimals (or the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}), {@code Float/Double}, {@code Boolean}, {@code String} (text, enums, json,
 * and every type without a closer mapping), {@code byte[]} for binary data, {@code LocalDate},
 * {@code LocalTime}, {@code LocalDateTime}, {@code Instant} (timestamps with time zone),
 * {@code UUID}, {@code java.util.List} for arrays, and {@code null} for SQL NULL. A value the
 * source did not send (an unchanged TOAST column) is {@link #UNAVAILABLE}.
 */
public final class Row {
    /** Placeholder for a value the source did not send and Tidemark could not recover. */
    public static final Object UNAVAILABLE = new Object() {
        @Override
        public String toString() {
            return "__debezium_unavailable_value";
        }
    };

    private final RowSchema schema;
    private final Object[] values;

    private Row(RowSchema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    /** A row of the given values, copied; there must be one per column. */
    public static Row of(RowSchema schema, Object... values) {
        Objects.requireNonNull(schema, "schema");
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("row of " + schema.table() + " has " + values.length
                    + " values for " + schema.size() + " columns");
        }
        return new Row(schema, values.clone());
    }

    /**
     * Takes ownership of {@code values} without copying. For sources on the hot path: the caller
     * must not touch the array afterwards.
     */
    public static Row wrap(RowSchema schema, Object[] values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("row of " + schema.table() + " has " + values.length
                    + " values for " + schema.size() + " columns");
        }
        return new Row(schema, values);
    }

    public RowSchema schema() {
        return schema;
    }

    public int size() {
        return values.length;
    }

    public Object get(int index) {
        return values[index];
    }

    /** The named column's value; throws when the table has no such column. */
    public Object get(String column) {
        int i = schema.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + schema.table());
        }
        return values[i];
    }

    /** Whether the source sent this column's value (false for unchanged TOAST values). */
    public boolean isAvailable(int index) {
        return values[index] != UNAVAILABLE;
    }

    /** Column name to value, in column order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(schema.columns().get(i).name(), values[i]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.schema.columns().equals(schema.columns()) && Arrays.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
