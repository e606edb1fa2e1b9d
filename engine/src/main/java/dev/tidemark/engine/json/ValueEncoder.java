package dev.tidemark.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tidemark.engine.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Column values as JSON: the value table on {@link JsonEnvelope}. Invariant: each Java type has one
 * JSON form, the same whatever the source (decimals as their plain string, times as ISO text in
 * UTC, non-finite floating point as strings). Holds a scratch buffer and the last instant's text, so
 * an instance belongs to one thread.
 */
final class ValueEncoder {
    private static final SerializableString UNAVAILABLE = new SerializedString(JsonEnvelope.UNAVAILABLE_VALUE);

    private final char[] scratch = new char[TimeText.MAX_CHARS];
    // the last instant written and its text (ASCII only, so one byte per char)
    private Instant lastInstant;
    private final byte[] lastInstantUtf8 = new byte[TimeText.MAX_CHARS];
    private int lastInstantLength;

    /** Types in the order of how common they are. */
    void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigDecimal d) {
            int n = plainDecimal(d, scratch);
            if (n >= 0) {
                g.writeString(scratch, 0, n);
            } else {
                g.writeString(d.toPlainString());
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant t) {
            instant(g, t);
        } else if (v instanceof LocalDateTime t) {
            int p = TimeText.date(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), scratch, 0);
            scratch[p++] = 'T';
            p = TimeText.time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), scratch, p);
            g.writeString(scratch, 0, p);
        } else if (v instanceof LocalDate d) {
            g.writeString(scratch, 0, TimeText.date(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), scratch, 0));
        } else if (v instanceof LocalTime t) {
            g.writeString(scratch, 0, TimeText.time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano(), scratch, 0));
        } else if (v instanceof Double d) {
            double x = d;
            if (!nonFinite(g, x)) {
                g.writeNumber(x);
            }
        } else if (v instanceof Float f) {
            float x = f;
            if (!nonFinite(g, x)) {
                g.writeNumber(x);
            }
        } else if (v instanceof Short s) {
            g.writeNumber(s.shortValue());
        } else if (v instanceof Byte b) {
            g.writeNumber(b.intValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else if (v instanceof UUID u) {
            g.writeString(u.toString());
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (int i = 0, n = list.size(); i < n; i++) {
                value(g, list.get(i));
            }
            g.writeEndArray();
        } else if (v == Row.UNAVAILABLE) {
            g.writeString(UNAVAILABLE);
        } else if (v instanceof OffsetDateTime t) {
            value(g, t.toInstant());
        } else if (v instanceof ZonedDateTime t) {
            value(g, t.toInstant());
        } else if (v instanceof OffsetTime t) {
            LocalTime utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
            int p = TimeText.time(utc.getHour(), utc.getMinute(), utc.getSecond(), utc.getNano(), scratch, 0);
            scratch[p++] = 'Z';
            g.writeString(scratch, 0, p);
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * An instant as its UTC text. Rows often repeat one (a {@code DEFAULT now()} column is the same
     * for a whole transaction), so the last one's UTF-8 is kept; the text needs no escaping, so
     * it is written as is.
     */
    private void instant(JsonGenerator g, Instant t) throws IOException {
        if (!t.equals(lastInstant)) {
            int n = TimeText.instant(t.getEpochSecond(), t.getNano(), scratch, 0);
            for (int i = 0; i < n; i++) {
                lastInstantUtf8[i] = (byte) scratch[i];
            }
            lastInstantLength = n;
            lastInstant = t;
        }
        g.writeRawUTF8String(lastInstantUtf8, 0, lastInstantLength);
    }

    /** JSON has no NaN or infinities: writes them as strings and says so. */
    private static boolean nonFinite(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d)) {
            g.writeString("NaN");
        } else if (d == Double.POSITIVE_INFINITY) {
            g.writeString("Infinity");
        } else if (d == Double.NEGATIVE_INFINITY) {
            g.writeString("-Infinity");
        } else {
            return false;
        }
        return true;
    }

    /**
     * {@link BigDecimal#toPlainString()} of a decimal of up to 18 digits and a scale of 0 to 18 (a
     * money or quantity column), written into {@code out}; -1 for any other, left to toPlainString.
     * toPlainString builds its text through a StringBuilder and was a third of the encoding time of
     * events with two decimal values.
     */
    static int plainDecimal(BigDecimal d, char[] out) {
        int scale = d.scale();
        if (scale < 0 || scale > 18 || d.precision() > 18) {
            return -1;
        }
        // the unscaled value through a scale-0 copy: for a decimal of up to 18 digits that copy is
        // compact and longValueExact reads its long, where unscaledValue() built a BigInteger
        long u = scale == 0 ? d.longValueExact() : d.movePointRight(scale).longValueExact();
        int p = 0;
        if (u < 0) {
            out[p++] = '-';
            u = -u;
        }
        int digits = 1;
        for (long x = u; x >= 10; x /= 10) {
            digits++;
        }
        if (digits <= scale) {
            // 0.00ddd: a zero, the point, then zeros up to the digits
            out[p++] = '0';
            out[p++] = '.';
            for (int i = digits; i < scale; i++) {
                out[p++] = '0';
            }
        }
        int point = digits > scale && scale > 0 ? p + digits - scale : -1;
        int end = p + digits + (point >= 0 ? 1 : 0);
        for (int i = end - 1; i >= p; i--) {
            if (i == point) {
                out[i] = '.';
                continue;
            }
            out[i] = (char) ('0' + u % 10);
            u /= 10;
        }
        return end;
    }
}
