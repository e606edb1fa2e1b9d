package dev.tidemark.engine.json;

/**
 * Writes dates and times in ISO-8601 into a char buffer without allocating, following the rules
 * documented on {@link JsonEnvelope}: seconds always present, the fraction only when non-zero and
 * without trailing zeros, and years outside 0000..9999 as {@code java.time} prints them
 * ({@code +10000}, {@code -0001}).
 */
final class TimeText {
    /** Longest text: sign, 10-digit year, {@code -MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_CHARS = 40;

    private static final long SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long DAYS_0000_03_01_TO_EPOCH = 719_468;
    private static final long DAYS_PER_400_YEARS = 146_097;

    private TimeText() {
    }

    /** Writes {@code yyyy-MM-dd}; returns the position after it. */
    static int date(long year, int month, int day, char[] buf, int pos) {
        pos = year(year, buf, pos);
        buf[pos++] = '-';
        pos = two(month, buf, pos);
        buf[pos++] = '-';
        return two(day, buf, pos);
    }

    /** Writes {@code HH:mm:ss[.fraction]}; returns the position after it. */
    static int time(int hour, int minute, int second, int nano, char[] buf, int pos) {
        pos = two(hour, buf, pos);
        buf[pos++] = ':';
        pos = two(minute, buf, pos);
        buf[pos++] = ':';
        pos = two(second, buf, pos);
        if (nano == 0) {
            return pos;
        }
        buf[pos++] = '.';
        int digits = 9;
        while (nano % 10 == 0) {
            nano /= 10;
            digits--;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (char) ('0' + nano % 10);
            nano /= 10;
        }
        return pos + digits;
    }

    /**
     * Writes the UTC date-time of an instant, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}. Works for the
     * whole {@link java.time.Instant} range (which exceeds {@link java.time.LocalDateTime}'s).
     */
    static int instant(long epochSecond, int nano, char[] buf, int pos) {
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        // civil-from-days over 400-year eras that start on March 1st, so leap days fall at era ends
        long z = days + DAYS_0000_03_01_TO_EPOCH;
        long era = Math.floorDiv(z, DAYS_PER_400_YEARS);
        long dayOfEra = z - era * DAYS_PER_400_YEARS;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        pos = date(year, month, day, buf, pos);
        buf[pos++] = 'T';
        pos = time(secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, nano, buf, pos);
        buf[pos++] = 'Z';
        return pos;
    }

    /** Four digits for 0..9999, else a sign and at least four digits, as {@code LocalDate.toString}. */
    private static int year(long year, char[] buf, int pos) {
        if (year >= 0 && year <= 9999) {
            int y = (int) year;
            buf[pos++] = (char) ('0' + y / 1000);
            buf[pos++] = (char) ('0' + y / 100 % 10);
            buf[pos++] = (char) ('0' + y / 10 % 10);
            buf[pos++] = (char) ('0' + y % 10);
            return pos;
        }
        buf[pos++] = year < 0 ? '-' : '+';
        String digits = Long.toString(Math.abs(year));
        for (int i = digits.length(); i < 4; i++) {
            buf[pos++] = '0';
        }
        digits.getChars(0, digits.length(), buf, pos);
        return pos + digits.length();
    }

    private static int two(int v, char[] buf, int pos) {
        buf[pos] = (char) ('0' + v / 10);
        buf[pos + 1] = (char) ('0' + v % 10);
        return pos + 2;
    }
}
