package dev.tidemark.mysqlbinlog.internal;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * How one column's values are read from a row image and turned into the engine's Java types. One
 * instance per column of a table version, shared by all its rows; immutable.
 *
 * <p>Values, by column type (see the module documentation for the full table):
 * integers as Integer (TINYINT to MEDIUMINT, signed or not, and signed INT), Long (INT UNSIGNED,
 * BIGINT) or BigInteger (BIGINT UNSIGNED above Long.MAX_VALUE); DECIMAL as BigDecimal with the
 * column's scale; FLOAT/DOUBLE as Float/Double; BIT(n) as Long (BigInteger for BIT(64) values from
 * 2^63); YEAR as Integer; DATE as LocalDate; DATETIME as LocalDateTime; TIMESTAMP as Instant;
 * TIME as LocalTime, or the server's text ({@code "-01:02:03"}, {@code "838:59:59.5"}) when
 * negative or beyond a day; character columns as String in their charset; binary ones as byte[]
 * (BINARY(n) padded with zero bytes to n as the server pads them); ENUM/SET as their value
 * text; MySQL JSON as JSON text; GEOMETRY as WKB bytes (the SRID prefix dropped). Dates Java
 * cannot hold (zero dates such as {@code 0000-00-00}, zero months or days) are the server's text.
 */
final class ColumnCodec {
    enum Kind {
        INT8, INT16, INT24, INT32, INT64, FLOAT, DOUBLE, DECIMAL, BIT, YEAR, DATE, TIME_OLD, TIME2, DATETIME_OLD,
        DATETIME2, TIMESTAMP_OLD, TIMESTAMP2, CHAR, VARCHAR, BLOB, ENUM, SET, JSON, GEOMETRY, VECTOR
    }

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final String[] EMPTY = new String[0];

    final Kind kind;
    final boolean unsigned;
    /** Type metadata from the TABLE_MAP (max length, fsp, length-prefix bytes, precision/scale). */
    final int meta;
    /** CHAR/ENUM/SET byte length. */
    final int length;
    /** Null for binary data. */
    final Charset charset;
    final String[] enumValues;
    final String[] setValues;
    private final int precision;
    private final int scale;
    private final int decimalSize;

    ColumnCodec(Kind kind, boolean unsigned, int meta, int length, Charset charset, String[] enumValues,
                String[] setValues) {
        this.kind = kind;
        this.unsigned = unsigned;
        this.meta = meta;
        this.length = length;
        this.charset = charset;
        this.enumValues = enumValues == null ? EMPTY : enumValues;
        this.setValues = setValues == null ? EMPTY : setValues;
        if (kind == Kind.DECIMAL) {
            precision = meta >>> 8;
            scale = meta & 0xFF;
            int intg = precision - scale;
            decimalSize = (intg / 9) * 4 + DIG2BYTES[intg % 9] + (scale / 9) * 4 + DIG2BYTES[scale % 9];
        } else {
            precision = 0;
            scale = 0;
            decimalSize = 0;
        }
    }

    /** The codec for a binlog real type, or throws for a type Tidemark cannot read. */
    static Kind kindOf(int realType) {
        return switch (realType) {
            case ColumnType.TINY -> Kind.INT8;
            case ColumnType.SHORT -> Kind.INT16;
            case ColumnType.INT24 -> Kind.INT24;
            case ColumnType.LONG -> Kind.INT32;
            case ColumnType.LONGLONG -> Kind.INT64;
            case ColumnType.FLOAT -> Kind.FLOAT;
            case ColumnType.DOUBLE -> Kind.DOUBLE;
            case ColumnType.NEWDECIMAL -> Kind.DECIMAL;
            case ColumnType.BIT -> Kind.BIT;
            case ColumnType.YEAR -> Kind.YEAR;
            case ColumnType.DATE, ColumnType.NEWDATE -> Kind.DATE;
            case ColumnType.TIME -> Kind.TIME_OLD;
            case ColumnType.TIME2 -> Kind.TIME2;
            case ColumnType.DATETIME -> Kind.DATETIME_OLD;
            case ColumnType.DATETIME2 -> Kind.DATETIME2;
            case ColumnType.TIMESTAMP -> Kind.TIMESTAMP_OLD;
            case ColumnType.TIMESTAMP2 -> Kind.TIMESTAMP2;
            case ColumnType.STRING -> Kind.CHAR;
            case ColumnType.VARCHAR, ColumnType.VAR_STRING -> Kind.VARCHAR;
            case ColumnType.BLOB, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB -> Kind.BLOB;
            case ColumnType.ENUM -> Kind.ENUM;
            case ColumnType.SET -> Kind.SET;
            case ColumnType.JSON -> Kind.JSON;
            case ColumnType.GEOMETRY -> Kind.GEOMETRY;
            case ColumnType.VECTOR -> Kind.VECTOR;
            default -> throw new BinlogFormatException("column type " + realType + " is not supported"
                    + (realType == ColumnType.DECIMAL ? " (the pre-5.0 DECIMAL format: ALTER TABLE ... FORCE rebuilds it)" : ""));
        };
    }

    /** The type name shown in {@link dev.tidemark.engine.Column#type()}. */
    String typeName(int realType) {
        String base = switch (kind) {
            case INT8 -> "tinyint";
            case INT16 -> "smallint";
            case INT24 -> "mediumint";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal";
            case BIT -> "bit";
            case YEAR -> "year";
            case DATE -> "date";
            case TIME_OLD, TIME2 -> "time";
            case DATETIME_OLD, DATETIME2 -> "datetime";
            case TIMESTAMP_OLD, TIMESTAMP2 -> "timestamp";
            case CHAR -> charset == null ? "binary" : "char";
            case VARCHAR -> charset == null ? "varbinary" : "varchar";
            case BLOB -> blobName();
            case ENUM -> "enum";
            case SET -> "set";
            case JSON -> "json";
            case GEOMETRY -> "geometry";
            case VECTOR -> "vector";
        };
        return unsigned && (kind.ordinal() <= Kind.DECIMAL.ordinal()) ? base + " unsigned" : base;
    }

    private String blobName() {
        String size = switch (meta) {
            case 1 -> "tiny";
            case 3 -> "medium";
            case 4 -> "long";
            default -> "";
        };
        return size + (charset == null ? "blob" : "text");
    }

    /** Reads one non-null value at the buffer's position. */
    Object read(BinlogBuffer r) {
        switch (kind) {
            case INT8: {
                int v = r.u8();
                return unsigned ? v : (int) (byte) v;
            }
            case INT16: {
                int v = r.u16();
                return unsigned ? v : (int) (short) v;
            }
            case INT24: {
                int v = r.u24();
                return unsigned ? v : (v << 8) >> 8;
            }
            case INT32: {
                long v = r.u32();
                return unsigned ? (Object) v : (Object) (int) v;
            }
            case INT64: {
                long v = r.uint(8);
                if (unsigned && v < 0) {
                    return BigInteger.valueOf(v).add(TWO_64);
                }
                return v;
            }
            case FLOAT:
                return Float.intBitsToFloat((int) r.u32());
            case DOUBLE:
                return Double.longBitsToDouble(r.uint(8));
            case DECIMAL:
                return decimal(r);
            case BIT: {
                int bits = meta >>> 8;
                int bytes = meta & 0xFF;
                long v = r.beUint(bytes + (bits > 0 ? 1 : 0));
                return v < 0 ? BigInteger.valueOf(v).add(TWO_64) : (Object) v;
            }
            case YEAR: {
                int v = r.u8();
                return v == 0 ? 0 : 1900 + v;
            }
            case DATE: {
                int v = r.u24();
                return date(v >>> 9, (v >>> 5) & 15, v & 31);
            }
            case TIME_OLD: {
                int v = r.u24();
                v = (v << 8) >> 8;
                boolean neg = v < 0;
                int a = Math.abs(v);
                return time(neg, a / 10000, (a / 100) % 100, a % 100, 0, 0);
            }
            case TIME2:
                return time2(r);
            case DATETIME_OLD: {
                long v = r.uint(8);
                long d = v / 1_000_000L;
                long t = v % 1_000_000L;
                return dateTime((int) (d / 10000), (int) (d / 100 % 100), (int) (d % 100), (int) (t / 10000),
                        (int) (t / 100 % 100), (int) (t % 100), 0, 0);
            }
            case DATETIME2:
                return dateTime2(r);
            case TIMESTAMP_OLD: {
                long s = r.u32();
                return s == 0 ? "0000-00-00 00:00:00" : Instant.ofEpochSecond(s);
            }
            case TIMESTAMP2: {
                long s = r.beUint(4);
                int micros = fraction(r, meta);
                if (s == 0 && micros == 0) {
                    return "0000-00-00 00:00:00";
                }
                return Instant.ofEpochSecond(s, micros * 1000L);
            }
            case CHAR: {
                int n = length < 256 ? r.u8() : r.u16();
                if (charset == null) {
                    byte[] b = r.bytes(n);
                    // BINARY(n) is stored without its trailing zero bytes; SELECT gives them back
                    return b.length < length ? Arrays.copyOf(b, length) : b;
                }
                return r.string(n, charset);
            }
            case VARCHAR: {
                int n = meta < 256 ? r.u8() : r.u16();
                return charset == null ? r.bytes(n) : r.string(n, charset);
            }
            case BLOB: {
                int n = (int) r.uint(meta);
                return charset == null ? r.bytes(n) : r.string(n, charset);
            }
            case ENUM: {
                int idx = (int) r.uint(length);
                if (idx == 0) {
                    return ""; // the "invalid value" index MySQL stores for bad input in non-strict mode
                }
                return idx <= enumValues.length ? enumValues[idx - 1] : String.valueOf(idx);
            }
            case SET: {
                long mask = r.uint(length);
                return set(mask);
            }
            case JSON: {
                int n = (int) r.uint(meta);
                byte[] b = r.bytes(n);
                try {
                    return n == 0 ? "null" : JsonBinary.parseAsString(b);
                } catch (IOException | RuntimeException e) {
                    throw new BinlogFormatException("cannot decode a MySQL binary JSON value of " + n + " bytes: " + e, e);
                }
            }
            case GEOMETRY: {
                int n = (int) r.uint(meta);
                byte[] b = r.bytes(n);
                // the server's format is a 4-byte SRID followed by standard WKB
                return n >= 4 ? Arrays.copyOfRange(b, 4, n) : b;
            }
            case VECTOR: {
                int n = (int) r.uint(meta);
                return r.bytes(n);
            }
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private String set(long mask) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(i < setValues.length ? setValues[i] : "#" + (i + 1));
            }
        }
        return sb.toString();
    }

    /**
     * MySQL's binary DECIMAL: big-endian groups of 9 digits, the sign in the first bit, negatives
     * inverted. Read in place from the event body (the flips applied while reading), so a value
     * costs no scratch copy of its bytes.
     */
    private BigDecimal decimal(BinlogBuffer r) {
        int start = r.position();
        r.skip(decimalSize);
        byte[] b = r.array();
        boolean negative = (b[start] & 0x80) == 0;
        // every byte is inverted for a negative value; the first one also has its sign bit flipped
        int flip = negative ? 0xFF : 0;
        int intg = precision - scale;
        int pos = start;
        BigInteger big = null;
        long acc = 0;
        // integer part: the leading partial group, then full groups of 9 digits
        int lead = DIG2BYTES[intg % 9];
        if (lead > 0) {
            acc = be(b, pos, lead, flip, start);
            pos += lead;
        }
        for (int g = 0; g < intg / 9; g++) {
            long v = be(b, pos, 4, flip, start);
            pos += 4;
            if (big == null && acc <= (Long.MAX_VALUE - v) / 1_000_000_000L) {
                acc = acc * 1_000_000_000L + v;
            } else {
                big = (big == null ? BigInteger.valueOf(acc) : big).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(v));
            }
        }
        for (int g = 0; g < scale / 9; g++) {
            long v = be(b, pos, 4, flip, start);
            pos += 4;
            if (big == null && acc <= (Long.MAX_VALUE - v) / 1_000_000_000L) {
                acc = acc * 1_000_000_000L + v;
            } else {
                big = (big == null ? BigInteger.valueOf(acc) : big).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(v));
            }
        }
        int tailDigits = scale % 9;
        if (tailDigits > 0) {
            long v = be(b, pos, DIG2BYTES[tailDigits], flip, start);
            long p = POW10[tailDigits];
            if (big == null && acc <= (Long.MAX_VALUE - v) / p) {
                acc = acc * p + v;
            } else {
                big = (big == null ? BigInteger.valueOf(acc) : big).multiply(BigInteger.valueOf(p)).add(BigInteger.valueOf(v));
            }
        }
        if (big == null) {
            return BigDecimal.valueOf(negative ? -acc : acc, scale);
        }
        return new BigDecimal(negative ? big.negate() : big, scale);
    }

    /** Big-endian bytes of a stored decimal, each XORed with {@code flip} and the one at {@code first} also with the sign bit. */
    private static long be(byte[] b, int off, int n, int flip, int first) {
        long v = 0;
        for (int i = off; i < off + n; i++) {
            int x = b[i] ^ flip;
            if (i == first) {
                x ^= 0x80;
            }
            v = v << 8 | (x & 0xFFL);
        }
        return v;
    }

    /** The fractional seconds stored after TIME2/DATETIME2/TIMESTAMP2, as microseconds. */
    private static int fraction(BinlogBuffer r, int fsp) {
        return switch (fsp) {
            case 1, 2 -> r.u8() * 10_000;
            case 3, 4 -> (int) r.beUint(2) * 100;
            case 5, 6 -> (int) r.beUint(3);
            default -> 0;
        };
    }

    private Object time2(BinlogBuffer r) {
        long packed;
        switch (meta) {
            case 1, 2 -> {
                long intpart = r.beUint(3) - 0x800000L;
                long frac = r.u8();
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x100;
                }
                packed = (intpart << 24) + frac * 10_000;
            }
            case 3, 4 -> {
                long intpart = r.beUint(3) - 0x800000L;
                long frac = r.beUint(2);
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x10000;
                }
                packed = (intpart << 24) + frac * 100;
            }
            case 5, 6 -> packed = r.beUint(6) - 0x800000000000L;
            default -> packed = (r.beUint(3) - 0x800000L) << 24;
        }
        boolean neg = packed < 0;
        long p = Math.abs(packed);
        long hms = p >> 24;
        int micros = (int) (p & 0xFFFFFF);
        return time(neg, (int) ((hms >> 12) & 0x3FF), (int) ((hms >> 6) & 0x3F), (int) (hms & 0x3F), micros, meta);
    }

    private static Object time(boolean neg, int h, int m, int s, int micros, int fsp) {
        if (!neg && h < 24) {
            return LocalTime.of(h, m, s, micros * 1000);
        }
        StringBuilder sb = new StringBuilder(16);
        if (neg && (h | m | s | micros) != 0) {
            sb.append('-');
        }
        if (h < 10) {
            sb.append('0');
        }
        sb.append(h).append(':');
        two(sb, m).append(':');
        two(sb, s);
        fractionText(sb, micros);
        return sb.toString();
    }

    private Object dateTime2(BinlogBuffer r) {
        long intpart = r.beUint(5) - 0x8000000000L;
        int micros = fraction(r, meta);
        long ymd = intpart >> 17;
        long ym = ymd >> 5;
        long hms = intpart % (1 << 17);
        return dateTime((int) (ym / 13), (int) (ym % 13), (int) (ymd % 32), (int) (hms >> 12), (int) ((hms >> 6) % 64),
                (int) (hms % 64), micros, meta);
    }

    private static Object date(int y, int m, int d) {
        if (m >= 1 && d >= 1) {
            try {
                return LocalDate.of(y, m, d);
            } catch (DateTimeException e) {
                // an impossible day (allowed with ALLOW_INVALID_DATES): keep the server's text
            }
        }
        StringBuilder sb = new StringBuilder(10);
        dateText(sb, y, m, d);
        return sb.toString();
    }

    private static Object dateTime(int y, int mo, int d, int h, int mi, int s, int micros, int fsp) {
        if (mo >= 1 && d >= 1) {
            try {
                return LocalDateTime.of(y, mo, d, h, mi, s, micros * 1000);
            } catch (DateTimeException e) {
                // fall through to the text form
            }
        }
        StringBuilder sb = new StringBuilder(26);
        dateText(sb, y, mo, d);
        sb.append(' ');
        two(sb, h).append(':');
        two(sb, mi).append(':');
        two(sb, s);
        fractionText(sb, micros);
        return sb.toString();
    }

    private static void dateText(StringBuilder sb, int y, int m, int d) {
        String ys = Integer.toString(y);
        for (int i = ys.length(); i < 4; i++) {
            sb.append('0');
        }
        sb.append(ys).append('-');
        two(sb, m).append('-');
        two(sb, d);
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /** {@code .ffffff} with trailing zeros dropped, nothing for zero: the envelope's rule for times. */
    private static void fractionText(StringBuilder sb, int micros) {
        if (micros == 0) {
            return;
        }
        String f = Integer.toString(1_000_000 + micros).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(f, 0, end);
    }
}
