package dev.tidemark.pglogical.internal.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Parses dates and times as PostgreSQL prints them with {@code DateStyle=ISO}: {@code 2026-11-24},
 * {@code 13:45:00.123456}, {@code 2026-11-24 13:45:00.5+05:30}, with {@code " BC"} at the end for
 * years before 1 AD and years wider than four digits after 9999. Hand-written rather than a
 * {@code DateTimeFormatter} because this runs once per temporal column of every row.
 *
 * <p>Values java.time cannot hold as PostgreSQL means them come back as the text:
 * {@code infinity}, {@code -infinity} and the time {@code 24:00:00}.
 */
final class PgTemporal {
    static final String INFINITY = "infinity";
    static final String NEG_INFINITY = "-infinity";
    static final String END_OF_DAY = "24:00:00";

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int[] NANOS_SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000,
        1_000, 100, 10, 1};

    private final String s;
    private int pos;

    private PgTemporal(String s) {
        this.s = s;
    }

    /** {@code LocalDate}, or the text for {@code ±infinity}. */
    static Object date(String text) {
        Object special = infinity(text);
        if (special != null) {
            return special;
        }
        PgTemporal p = new PgTemporal(text);
        p.datePart();
        boolean bc = p.era();
        p.end();
        return p.localDate(bc);
    }

    /** {@code LocalTime}, or the text {@code 24:00:00} (a time PostgreSQL allows and java.time does not). */
    static Object time(String text) {
        if (text.startsWith("24:")) {
            // Only 24:00:00 exactly is accepted by the server; anything else past 23:59 is malformed.
            if (text.equals(END_OF_DAY)) {
                return END_OF_DAY;
            }
            throw new IllegalArgumentException("hour 24 is only valid as 24:00:00");
        }
        PgTemporal p = new PgTemporal(text);
        long nanoOfDay = p.timePart();
        p.end();
        return LocalTime.ofNanoOfDay(nanoOfDay);
    }

    /** {@code LocalDateTime}, or the text for {@code ±infinity}. */
    static Object timestamp(String text) {
        Object special = infinity(text);
        if (special != null) {
            return special;
        }
        PgTemporal p = new PgTemporal(text);
        p.datePart();
        p.expect(' ');
        long nanoOfDay = p.timePart();
        boolean bc = p.era();
        p.end();
        return LocalDateTime.of(p.localDate(bc), LocalTime.ofNanoOfDay(nanoOfDay));
    }

    /** {@code Instant}, or the text for {@code ±infinity}. Any UTC offset is honoured, to the second. */
    static Object timestamptz(String text) {
        Object special = infinity(text);
        if (special != null) {
            return special;
        }
        PgTemporal p = new PgTemporal(text);
        p.datePart();
        p.expect(' ');
        long nanoOfDay = p.timePart();
        int offsetSeconds = p.offset();
        boolean bc = p.era();
        p.end();
        long epochSecond = p.localDate(bc).toEpochDay() * SECONDS_PER_DAY + nanoOfDay / 1_000_000_000L - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanoOfDay % 1_000_000_000L);
    }

    private static Object infinity(String text) {
        if (text.equals(INFINITY)) {
            return INFINITY;
        }
        if (text.equals(NEG_INFINITY)) {
            return NEG_INFINITY;
        }
        return null;
    }

    // The date fields are kept until the era, which PostgreSQL prints after the time and offset,
    // has been read: only then is the (proleptic) year known, and with it whether Feb 29 exists.
    private int year;
    private int month;
    private int day;

    /** Reads {@code Y...Y-MM-DD}. */
    private void datePart() {
        year = digitsUntil('-');
        expect('-');
        month = fixedDigits(2);
        expect('-');
        day = fixedDigits(2);
    }

    /** Reads {@code " BC"} if present; whatever else follows is left for {@link #end()} to reject. */
    private boolean era() {
        if (s.startsWith(" BC", pos)) {
            pos += 3;
            return true;
        }
        return false;
    }

    /** The date read, in the proleptic ISO calendar: 1 BC is year 0, 44 BC is year -43. */
    private LocalDate localDate(boolean bc) {
        return LocalDate.of(bc ? 1 - year : year, month, day);
    }

    /** Reads {@code HH:MM:SS[.f{1,9}]} and returns the nanosecond of the day. */
    private long timePart() {
        int hour = fixedDigits(2);
        expect(':');
        int minute = fixedDigits(2);
        expect(':');
        int second = fixedDigits(2);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("time field out of range");
        }
        int nanos = 0;
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            int start = pos;
            int fraction = 0;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                if (pos - start == 9) {
                    throw new IllegalArgumentException("more than 9 fractional digits");
                }
                fraction = fraction * 10 + (s.charAt(pos++) - '0');
            }
            int count = pos - start;
            if (count == 0) {
                throw new IllegalArgumentException("no digits after '.'");
            }
            nanos = fraction * NANOS_SCALE[count];
        }
        return ((hour * 60L + minute) * 60L + second) * 1_000_000_000L + nanos;
    }

    /** Reads {@code ±HH[:MM[:SS]]} and returns the offset east of UTC in seconds. */
    private int offset() {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("no UTC offset");
        }
        char sign = s.charAt(pos++);
        if (sign != '+' && sign != '-') {
            throw new IllegalArgumentException("expected '+' or '-' for the UTC offset at position " + (pos - 1));
        }
        int seconds = fixedDigits(2) * 3600;
        if (pos < s.length() && s.charAt(pos) == ':') {
            pos++;
            seconds += fixedDigits(2) * 60;
            if (pos < s.length() && s.charAt(pos) == ':') {
                pos++;
                seconds += fixedDigits(2);
            }
        }
        return sign == '-' ? -seconds : seconds;
    }

    private int digitsUntil(char stop) {
        int start = pos;
        int value = 0;
        while (pos < s.length() && s.charAt(pos) != stop) {
            char c = s.charAt(pos);
            if (!isDigit(c) || pos - start == 9) {
                throw new IllegalArgumentException("expected a year of at most 9 digits at position " + start);
            }
            value = value * 10 + (c - '0');
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("expected digits at position " + start);
        }
        return value;
    }

    private int fixedDigits(int count) {
        if (pos + count > s.length()) {
            throw new IllegalArgumentException("expected " + count + " digits at position " + pos);
        }
        int value = 0;
        for (int i = 0; i < count; i++) {
            char c = s.charAt(pos++);
            if (!isDigit(c)) {
                throw new IllegalArgumentException("expected a digit at position " + (pos - 1));
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at position " + pos);
        }
        pos++;
    }

    private void end() {
        if (pos != s.length()) {
            throw new IllegalArgumentException("unexpected '" + s.substring(pos) + "' at position " + pos);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
