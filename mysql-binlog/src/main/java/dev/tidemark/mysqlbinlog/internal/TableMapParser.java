package dev.tidemark.mysqlbinlog.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses TABLE_MAP event bodies, including the optional metadata that {@code binlog_row_metadata=FULL}
 * adds (MySQL 8.0.1+, MariaDB 10.5+). Names are read as UTF-8 whatever the JVM's default charset.
 *
 * <p>The optional metadata lists signedness per "numeric" column and charsets per "character"
 * column, and the two servers disagree on which columns those are (MySQL counts YEAR as numeric,
 * MariaDB does not). The list lengths tell which rule the server used; a list that fits neither is
 * dropped, and the column facts then come from {@code information_schema} instead.
 */
final class TableMapParser {
    private static final int SIGNEDNESS = 1;
    private static final int DEFAULT_CHARSET = 2;
    private static final int COLUMN_CHARSET = 3;
    private static final int COLUMN_NAME = 4;
    private static final int SET_STR_VALUE = 5;
    private static final int ENUM_STR_VALUE = 6;
    private static final int SIMPLE_PRIMARY_KEY = 8;
    private static final int PRIMARY_KEY_WITH_PREFIX = 9;
    private static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    private static final int ENUM_AND_SET_COLUMN_CHARSET = 11;

    private TableMapParser() {
    }

    static TableMap parse(byte[] body, Flavor flavor) {
        BinlogBuffer r = new BinlogBuffer(body);
        long tableId = r.uint(6);
        r.skip(2);
        int dbLen = r.u8();
        String db = r.string(dbLen, StandardCharsets.UTF_8);
        r.skip(1);
        int tLen = r.u8();
        String table = r.string(tLen, StandardCharsets.UTF_8);
        r.skip(1);
        int n = (int) r.packed();
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = r.u8();
        }
        int metaLen = (int) r.packed();
        int metaEnd = r.position() + metaLen;
        int[] meta = new int[n];
        int[] realTypes = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int t = types[i];
            meta[i] = switch (ColumnType.metadataLength(t)) {
                case 1 -> r.u8();
                case 2 -> t == ColumnType.VARCHAR || t == ColumnType.VAR_STRING ? r.u16() : (r.u8() << 8) | r.u8();
                default -> 0;
            };
            realTypes[i] = t;
            if (t == ColumnType.STRING || t == ColumnType.ENUM || t == ColumnType.SET) {
                int b0 = meta[i] >>> 8;
                int b1 = meta[i] & 0xFF;
                if ((b0 & 0x30) != 0x30) {
                    realTypes[i] = b0 | 0x30;
                    lengths[i] = b1 | (((b0 & 0x30) ^ 0x30) << 4);
                } else {
                    realTypes[i] = b0;
                    lengths[i] = b1;
                }
            }
        }
        if (r.position() != metaEnd) {
            throw new BinlogFormatException("TABLE_MAP of " + db + "." + table + ": type metadata is " + metaLen
                    + " bytes, but the column types account for " + (r.position() - (metaEnd - metaLen)));
        }
        boolean[] nullable = r.bitmap(n);

        boolean[] unsigned = null;
        int[] collations = null;
        String[] names = null;
        byte[][][] enumValues = null;
        byte[][][] setValues = null;
        int[] primaryKey = null;
        int[] charCols = null;
        int[] enumSetCols = indexes(realTypes, TableMapParser::isEnumOrSet);
        CharsetList enumSetCollations = null;
        while (r.remaining() > 0) {
            int code = r.u8();
            int len = (int) r.packed();
            BinlogBuffer f = new BinlogBuffer(r.array(), r.position(), len);
            r.skip(len);
            switch (code) {
                case SIGNEDNESS -> unsigned = signedness(f, len, realTypes, flavor);
                case DEFAULT_CHARSET, COLUMN_CHARSET -> {
                    CharsetList perChar = code == DEFAULT_CHARSET ? defaultCharsets(f) : new CharsetList(packedList(f), -1);
                    charCols = characterColumns(realTypes, perChar, code == COLUMN_CHARSET);
                    if (charCols != null) {
                        collations = spread(collations, n, charCols, perChar);
                    }
                }
                case ENUM_AND_SET_DEFAULT_CHARSET, ENUM_AND_SET_COLUMN_CHARSET ->
                    enumSetCollations = code == ENUM_AND_SET_DEFAULT_CHARSET ? defaultCharsets(f)
                            : new CharsetList(packedList(f), -1);
                case COLUMN_NAME -> {
                    List<String> l = new ArrayList<>();
                    while (f.remaining() > 0) {
                        l.add(f.string((int) f.packed(), StandardCharsets.UTF_8));
                    }
                    names = l.size() == n ? l.toArray(new String[0]) : null;
                }
                case ENUM_STR_VALUE -> enumValues = values(f, n, realTypes, ColumnType.ENUM);
                case SET_STR_VALUE -> setValues = values(f, n, realTypes, ColumnType.SET);
                case SIMPLE_PRIMARY_KEY -> primaryKey = packedList(f);
                case PRIMARY_KEY_WITH_PREFIX -> {
                    int[] pairs = packedList(f);
                    primaryKey = new int[pairs.length / 2];
                    for (int i = 0; i < primaryKey.length; i++) {
                        primaryKey[i] = pairs[2 * i];
                    }
                }
                default -> {
                    // geometry types, visibility, vector dimensions, future fields: not needed
                }
            }
        }
        if (enumSetCollations != null && enumSetCols.length > 0
                && (enumSetCollations.fallback() >= 0 || enumSetCollations.values().length == enumSetCols.length)) {
            collations = spread(collations, n, enumSetCols, enumSetCollations);
        }
        if (collations != null && charCols == null) {
            // ENUM/SET charsets alone do not cover the character columns
            collations = null;
        }
        return new TableMap(tableId, db, table, types, realTypes, meta, lengths, nullable, unsigned, collations, names,
                enumValues, setValues, primaryKey);
    }

    private static boolean isEnumOrSet(int t) {
        return t == ColumnType.ENUM || t == ColumnType.SET;
    }

    private static boolean isNumeric(int t, boolean withYear) {
        return switch (t) {
            case ColumnType.TINY, ColumnType.SHORT, ColumnType.INT24, ColumnType.LONG, ColumnType.LONGLONG,
                 ColumnType.NEWDECIMAL, ColumnType.FLOAT, ColumnType.DOUBLE -> true;
            case ColumnType.YEAR -> withYear;
            default -> false;
        };
    }

    private static boolean isCharacter(int t, boolean withGeometry) {
        return switch (t) {
            case ColumnType.STRING, ColumnType.VAR_STRING, ColumnType.VARCHAR, ColumnType.BLOB, ColumnType.TINY_BLOB,
                 ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB -> true;
            case ColumnType.GEOMETRY -> withGeometry;
            default -> false;
        };
    }

    private interface TypeTest {
        boolean test(int type);
    }

    private static int[] indexes(int[] types, TypeTest test) {
        int[] r = new int[types.length];
        int k = 0;
        for (int i = 0; i < types.length; i++) {
            if (test.test(types[i])) {
                r[k++] = i;
            }
        }
        return Arrays.copyOf(r, k);
    }

    /** One bit per numeric column, most significant bit first; set means UNSIGNED. */
    private static boolean[] signedness(BinlogBuffer f, int len, int[] realTypes, Flavor flavor) {
        boolean yearFirst = flavor == Flavor.MYSQL;
        for (boolean withYear : new boolean[] {yearFirst, !yearFirst}) {
            int[] numeric = indexes(realTypes, t -> isNumeric(t, withYear));
            if ((numeric.length + 7) / 8 != len) {
                continue;
            }
            boolean[] unsigned = new boolean[realTypes.length];
            byte[] bits = f.bytes(len);
            for (int k = 0; k < numeric.length; k++) {
                unsigned[numeric[k]] = (bits[k >>> 3] & (1 << (7 - (k & 7)))) != 0;
            }
            return unsigned;
        }
        return null;
    }

    /**
     * Collations per column of a kind (character, or ENUM/SET), in column order: entries past the
     * end of {@code values} take {@code fallback} (DEFAULT_CHARSET lists only the exceptions), and a
     * COLUMN_CHARSET list has no fallback (-1) and exactly one entry per column.
     */
    private record CharsetList(int[] values, int fallback) {
        int get(int k) {
            return k < values.length ? values[k] : fallback;
        }
    }

    /**
     * The character columns the charset list refers to, or null when no rule fits. A COLUMN_CHARSET
     * list has one entry per character column, so its length picks the rule (with or without
     * GEOMETRY); for a DEFAULT_CHARSET list the rule that counts GEOMETRY is taken.
     */
    private static int[] characterColumns(int[] realTypes, CharsetList perChar, boolean exactLength) {
        for (boolean withGeometry : new boolean[] {true, false}) {
            int[] cols = indexes(realTypes, t -> isCharacter(t, withGeometry));
            if (exactLength ? cols.length == perChar.values().length : perChar.values().length <= cols.length) {
                return cols;
            }
        }
        return null;
    }

    /** DEFAULT_CHARSET: a default collation, then (index among the columns, collation) pairs for the exceptions. */
    private static CharsetList defaultCharsets(BinlogBuffer f) {
        int def = (int) f.packed();
        List<int[]> exceptions = new ArrayList<>();
        int max = -1;
        while (f.remaining() > 0) {
            int idx = (int) f.packed();
            int coll = (int) f.packed();
            exceptions.add(new int[] {idx, coll});
            max = Math.max(max, idx);
        }
        int[] r = fill(max + 1, def);
        for (int[] e : exceptions) {
            r[e[0]] = e[1];
        }
        return new CharsetList(r, def);
    }

    private static int[] packedList(BinlogBuffer f) {
        List<Integer> l = new ArrayList<>();
        while (f.remaining() > 0) {
            l.add((int) f.packed());
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] fill(int n, int v) {
        int[] r = new int[n];
        Arrays.fill(r, v);
        return r;
    }

    /** Puts the collations of the given columns into the per-table array (-1 elsewhere). */
    private static int[] spread(int[] collations, int n, int[] cols, CharsetList perCol) {
        int[] c = collations != null ? collations : fill(n, -1);
        for (int k = 0; k < cols.length; k++) {
            c[cols[k]] = perCol.get(k);
        }
        return c;
    }

    private static byte[][][] values(BinlogBuffer f, int n, int[] realTypes, int type) {
        byte[][][] r = new byte[n][][];
        int[] cols = indexes(realTypes, t -> t == type);
        for (int col : cols) {
            if (f.remaining() == 0) {
                return null;
            }
            int count = (int) f.packed();
            byte[][] v = new byte[count][];
            for (int i = 0; i < count; i++) {
                v[i] = f.bytes((int) f.packed());
            }
            r[col] = v;
        }
        return f.remaining() == 0 ? r : null;
    }
}
