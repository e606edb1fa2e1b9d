package dev.tidemark.mysqlbinlog.internal;

import java.util.Arrays;

/**
 * A TABLE_MAP event: which table a table id stands for in the rows events that follow, with each
 * column's binlog type, type metadata, nullability and, when {@code binlog_row_metadata=FULL},
 * the optional metadata (names, signedness, character sets, ENUM/SET values, primary key).
 * Arrays are never modified after parsing.
 *
 * @param realTypes   the type of each column with STRING resolved to ENUM or SET where it is one
 * @param lengths     for STRING/ENUM/SET columns, the byte length the metadata gives (0 otherwise)
 * @param unsigned    per column, from the SIGNEDNESS metadata, or null when not sent
 * @param collations  per column, the collation id of character and ENUM/SET columns (-1 for other
 *                    columns), or null when not sent
 * @param names       column names, or null when not sent
 * @param enumValues  per column, an ENUM column's values in their raw bytes, or null
 * @param setValues   per column, a SET column's values in their raw bytes, or null
 * @param primaryKey  column indexes of the primary key, or null when not sent
 */
record TableMap(long tableId, String database, String table, int[] types, int[] realTypes, int[] meta, int[] lengths,
                boolean[] nullable, boolean[] unsigned, int[] collations, String[] names, byte[][][] enumValues,
                byte[][][] setValues, int[] primaryKey) {

    int columnCount() {
        return types.length;
    }

    /** Whether the optional metadata named every column and gave its signedness and charset. */
    boolean hasFullMetadata() {
        return names != null && unsigned != null && collations != null;
    }

    /** Same table, same column layout: the cached decoding stays valid. */
    boolean sameLayout(TableMap o) {
        return o != null && database.equals(o.database) && table.equals(o.table) && Arrays.equals(types, o.types)
                && Arrays.equals(meta, o.meta) && Arrays.equals(names, o.names) && Arrays.equals(unsigned, o.unsigned)
                && Arrays.equals(collations, o.collations) && Arrays.equals(nullable, o.nullable)
                && Arrays.deepEquals(enumValues, o.enumValues) && Arrays.deepEquals(setValues, o.setValues)
                && Arrays.equals(primaryKey, o.primaryKey);
    }

    @Override
    public String toString() {
        return "TableMap[" + tableId + " " + database + "." + table + ", " + types.length + " columns"
                + (hasFullMetadata() ? ", full metadata" : "") + "]";
    }
}
