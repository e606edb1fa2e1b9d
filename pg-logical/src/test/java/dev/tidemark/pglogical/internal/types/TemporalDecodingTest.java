package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Dates and times in DateStyle ISO, including BC, infinities, 24:00:00 and odd UTC offsets. */
class TemporalDecodingTest {
    private static final TextDecoder DATE = BuiltinDecoder.DATE;
    private static final TextDecoder TIME = BuiltinDecoder.TIME;
    private static final TextDecoder TIMESTAMP = BuiltinDecoder.TIMESTAMP;
    private static final TextDecoder TIMESTAMPTZ = BuiltinDecoder.TIMESTAMPTZ;

    // PostgreSQL's timestamp range: 4713 BC to 294276 AD.
    private static final LocalDateTime MIN = LocalDateTime.of(-4712, 1, 1, 0, 0);
    private static final LocalDateTime MAX = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);

    @Test
    void dates() {
        assertThat(DATE.decode("2026-11-24")).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(DATE.decode("0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(DATE.decode("5874897-12-31")).isEqualTo(LocalDate.of(5874897, 12, 31));
    }

    @Test
    void bcDatesUseTheProlepticYear() {
        assertThat(DATE.decode("0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(DATE.decode("0001-12-31 BC")).isEqualTo(LocalDate.of(0, 12, 31));
        // 1 BC is proleptic year 0, a leap year; 1 AD is not.
        assertThat(DATE.decode("0001-02-29 BC")).isEqualTo(LocalDate.of(0, 2, 29));
        assertThatThrownBy(() -> DATE.decode("0001-02-29")).isInstanceOf(ValueDecodeException.class);
        assertThat(DATE.decode("4714-11-24 BC")).isEqualTo(LocalDate.of(-4713, 11, 24));
    }

    @Test
    void infinitiesStayText() {
        for (TextDecoder d : new TextDecoder[] {DATE, TIMESTAMP, TIMESTAMPTZ}) {
            assertThat(d.decode("infinity")).isEqualTo("infinity");
            assertThat(d.decode("-infinity")).isEqualTo("-infinity");
        }
    }

    @Test
    void times() {
        assertThat(TIME.decode("13:45:00")).isEqualTo(LocalTime.of(13, 45));
        assertThat(TIME.decode("13:45:00.123456")).isEqualTo(LocalTime.of(13, 45, 0, 123_456_000));
        assertThat(TIME.decode("00:00:00.5")).isEqualTo(LocalTime.of(0, 0, 0, 500_000_000));
        assertThat(TIME.decode("23:59:59.999999")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
    }

    @Test
    void endOfDayStaysTextBecauseLocalTimeCannotHoldIt() {
        assertThat(TIME.decode("24:00:00")).isEqualTo("24:00:00");
        assertThatThrownBy(() -> TIME.decode("24:00:01")).isInstanceOf(ValueDecodeException.class);
    }

    @Test
    void timestampsParse() {
        assertThat(TIMESTAMP.decode("2026-11-24 13:45:00.123456"))
                .isEqualTo(LocalDateTime.of(2026, 11, 24, 13, 45, 0, 123_456_000));
        assertThat(TIMESTAMP.decode("0044-03-15 12:00:00.5 BC"))
                .isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0, 0, 500_000_000));
        assertThat(TIMESTAMP.decode("294276-12-31 23:59:59.999999")).isEqualTo(MAX);
    }

    @Test
    void timestamptzHonoursEveryOffsetForm() {
        Instant expected = Instant.parse("2026-11-24T11:45:00.123456Z");
        assertThat(TIMESTAMPTZ.decode("2026-11-24 11:45:00.123456+00")).isEqualTo(expected);
        assertThat(TIMESTAMPTZ.decode("2026-11-24 13:45:00.123456+02")).isEqualTo(expected);
        assertThat(TIMESTAMPTZ.decode("2026-11-24 17:15:00.123456+05:30")).isEqualTo(expected);
        assertThat(TIMESTAMPTZ.decode("2026-11-24 08:45:00.123456-03")).isEqualTo(expected);
        // Local mean time before time zones: offsets to the second.
        assertThat(TIMESTAMPTZ.decode("1900-01-01 08:53:32-03:06:28")).isEqualTo(Instant.parse("1900-01-01T12:00:00Z"));
        assertThat(TIMESTAMPTZ.decode("1890-01-01 12:19:32+00:19:32")).isEqualTo(Instant.parse("1890-01-01T12:00:00Z"));
    }

    @Test
    void timestamptzBeforeChrist() {
        assertThat(TIMESTAMPTZ.decode("0044-03-15 12:00:00+00 BC"))
                .isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0).toInstant(ZoneOffset.UTC));
    }

    @Test
    void otherDateStylesAreRejectedWithTheFix() {
        assertThatThrownBy(() -> TIMESTAMPTZ.decode("Tue Nov 24 13:45:00 2026 PST"))
                .isInstanceOf(ValueDecodeException.class).hasMessageContaining("DateStyle=ISO")
                .hasMessageContaining("timestamptz");
        assertThatThrownBy(() -> DATE.decode("11/24/2026")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> TIMESTAMP.decode("2026-11-24T13:45:00")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> TIMESTAMPTZ.decode("2026-11-24 13:45:00")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> TIMESTAMP.decode("2026-11-24 13:45:00 AD")).isInstanceOf(ValueDecodeException.class);
    }

    @Property
    void datesRoundTrip(@ForAll("anyTimestamp") LocalDateTime ts) {
        LocalDate d = ts.toLocalDate();
        assertThat(DATE.decode(PgTextFormat.date(d))).isEqualTo(d);
    }

    @Property
    void timestampsRoundTrip(@ForAll("anyTimestamp") LocalDateTime ts) {
        assertThat(TIMESTAMP.decode(PgTextFormat.timestamp(ts))).isEqualTo(ts);
    }

    @Property
    void timesRoundTrip(@ForAll("anyTimestamp") LocalDateTime ts) {
        assertThat(TIME.decode(PgTextFormat.time(ts.toLocalTime()))).isEqualTo(ts.toLocalTime());
    }

    @Property
    void timestamptzRoundTripsAtAnyOffset(@ForAll("anyTimestamp") LocalDateTime ts, @ForAll("offsets") int offset) {
        Instant instant = ts.toInstant(ZoneOffset.UTC);
        assertThat(TIMESTAMPTZ.decode(PgTextFormat.timestamptz(instant, offset))).isEqualTo(instant);
    }

    @Provide
    Arbitrary<LocalDateTime> anyTimestamp() {
        Arbitrary<LocalDateTime> anywhere = micros(MIN, MAX);
        Arbitrary<LocalDateTime> aroundYearZero = micros(LocalDateTime.of(-2, 1, 1, 0, 0), LocalDateTime.of(2, 12, 31, 0, 0));
        Arbitrary<LocalDateTime> aroundYear10000 = micros(LocalDateTime.of(9999, 12, 1, 0, 0),
                LocalDateTime.of(10000, 1, 31, 0, 0));
        Arbitrary<LocalDateTime> recent = micros(LocalDateTime.of(1900, 1, 1, 0, 0), LocalDateTime.of(2100, 1, 1, 0, 0));
        return Arbitraries.frequencyOf(Tuple.of(3, anywhere), Tuple.of(2, aroundYearZero), Tuple.of(1, aroundYear10000),
                Tuple.of(4, recent));
    }

    @Provide
    Arbitrary<Integer> offsets() {
        // PostgreSQL accepts UTC offsets up to 15:59:59 either way.
        Arbitrary<Integer> any = Arbitraries.integers().between(-(15 * 3600 + 3599), 15 * 3600 + 3599);
        Arbitrary<Integer> quarterHours = Arbitraries.integers().between(-15 * 4, 15 * 4).map(q -> q * 900);
        return Arbitraries.oneOf(any, quarterHours);
    }

    /** Whole microseconds between the bounds; seconds and micros apart, as the range overflows a long of micros. */
    private static Arbitrary<LocalDateTime> micros(LocalDateTime from, LocalDateTime to) {
        long a = from.toEpochSecond(ZoneOffset.UTC);
        long b = to.toEpochSecond(ZoneOffset.UTC);
        return Combinators.combine(Arbitraries.longs().between(a, b), Arbitraries.integers().between(0, 999_999))
                .as((sec, micro) -> LocalDateTime.ofEpochSecond(sec, micro * 1000, ZoneOffset.UTC));
    }
}
