package dev.tidemark.pglogical.internal.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The tests' oracle: writes values the way PostgreSQL's output functions do (checked against a
 * live server in {@code PgValueDecoderServerTest}), so properties can round-trip through the decoders.
 */
final class PgTextFormat {
    private PgTextFormat() {
    }

    /** {@code date_out} with DateStyle ISO: year padded to 4 digits, {@code " BC"} for year 0 and before. */
    static String date(LocalDate d) {
        return ymd(d) + era(d);
    }

    static String time(LocalTime t) {
        StringBuilder sb = new StringBuilder();
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = String.valueOf(1_000_000 + micros).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    static String timestamp(LocalDateTime ts) {
        return ymd(ts.toLocalDate()) + " " + time(ts.toLocalTime()) + era(ts.toLocalDate());
    }

    /** {@code timestamptz_out}: the wall time at {@code offsetSeconds} east of UTC, then the offset. */
    static String timestamptz(Instant instant, int offsetSeconds) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond() + offsetSeconds, instant.getNano(),
                ZoneOffset.UTC);
        return ymd(local.toLocalDate()) + " " + time(local.toLocalTime()) + offset(offsetSeconds)
                + era(local.toLocalDate());
    }

    /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS}, as short as the value allows. */
    static String offset(int seconds) {
        StringBuilder sb = new StringBuilder(seconds < 0 ? "-" : "+");
        int abs = Math.abs(seconds);
        pad(sb, abs / 3600, 2);
        if (abs % 3600 != 0) {
            sb.append(':');
            pad(sb, abs / 60 % 60, 2);
            if (abs % 60 != 0) {
                sb.append(':');
                pad(sb, abs % 60, 2);
            }
        }
        return sb.toString();
    }

    /**
     * {@code array_out}: elements quoted when empty, equal to NULL in any case, or containing a
     * quote, backslash, brace, the delimiter or white space; quotes and backslashes escaped.
     * Nested lists are sub-arrays; null is NULL.
     */
    static String array(List<?> values, char delimiter) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            Object v = values.get(i);
            if (v == null) {
                sb.append("NULL");
            } else if (v instanceof List<?> nested) {
                sb.append(array(nested, delimiter));
            } else {
                element(sb, v.toString(), delimiter);
            }
        }
        return sb.append('}').toString();
    }

    /** {@code bytea} in the legacy escape format. */
    static String byteaEscape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u == '\\') {
                sb.append("\\\\");
            } else if (u < 0x20 || u > 0x7e) {
                sb.append('\\').append((char) ('0' + (u >> 6))).append((char) ('0' + (u >> 3 & 7)))
                        .append((char) ('0' + (u & 7)));
            } else {
                sb.append((char) u);
            }
        }
        return sb.toString();
    }

    static String byteaHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\\x");
        for (byte b : bytes) {
            sb.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static void element(StringBuilder sb, String s, char delimiter) {
        boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == '"' || c == '\\' || c == '{' || c == '}' || c == delimiter || c == ' ' || c == '\t'
                    || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    private static String ymd(LocalDate d) {
        StringBuilder sb = new StringBuilder();
        int year = d.getYear() <= 0 ? 1 - d.getYear() : d.getYear();
        pad(sb, year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
        return sb.toString();
    }

    private static String era(LocalDate d) {
        return d.getYear() <= 0 ? " BC" : "";
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
