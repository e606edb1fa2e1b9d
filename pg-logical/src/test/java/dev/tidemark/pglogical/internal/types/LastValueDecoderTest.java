package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** A remembering decoder gives, text for text, what its plain decoder gives, failures included. */
class LastValueDecoderTest {
    /** A column: its plain decoder and the texts its rows bring, in order (repeats and bad texts mixed in). */
    record Column(BuiltinDecoder decoder, List<String> texts) {
    }

    @Property
    void decodesEveryTextAsThePlainDecoderDoes(@ForAll("columns") Column column) {
        TextDecoder remembering = LastValueDecoder.wrap(column.decoder());
        assertThat(remembering).isInstanceOf(LastValueDecoder.class);
        for (String text : column.texts()) {
            Object expected;
            try {
                expected = column.decoder().decode(text);
            } catch (ValueDecodeException e) {
                assertThatThrownBy(() -> remembering.decode(text)).isInstanceOf(ValueDecodeException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            // BigDecimal.equals compares the scale too, so "12.5" after "12.50" must not be remembered
            assertThat(remembering.decode(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void theSameTextTwiceInARowGivesTheSameInstance() {
        TextDecoder d = LastValueDecoder.wrap(BuiltinDecoder.TIMESTAMPTZ);
        Object first = d.decode(new String("2026-11-25 20:47:01.123456+00"));
        assertThat(d.decode(new String("2026-11-25 20:47:01.123456+00"))).isSameAs(first)
                .isEqualTo(Instant.parse("2026-11-25T20:47:01.123456Z"));
        assertThat(d.decode("2026-11-25 20:47:02+00")).isNotSameAs(first)
                .isEqualTo(Instant.parse("2026-11-25T20:47:02Z"));
    }

    @Test
    void aFailedTextIsNotRememberedAndTheValueBeforeItStill() {
        TextDecoder d = LastValueDecoder.wrap(BuiltinDecoder.NUMERIC);
        assertThat(d.decode("12.50")).isEqualTo(new BigDecimal("12.50"));
        assertThatThrownBy(() -> d.decode("12,50")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> d.decode("12,50")).isInstanceOf(ValueDecodeException.class);
        assertThat(d.decode("12.50")).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void mutableOrCheapValuesAreNotWrapped() {
        for (BuiltinDecoder plain : List.of(BuiltinDecoder.BYTEA, BuiltinDecoder.TEXT, BuiltinDecoder.INT4,
                BuiltinDecoder.INT8, BuiltinDecoder.BOOL, BuiltinDecoder.FLOAT8)) {
            assertThat(LastValueDecoder.wrap(plain)).isSameAs(plain);
        }
        TextDecoder array = PgValueDecoder.builtinsOnly().forType(1185 /* _timestamptz */);
        assertThat(array).isInstanceOf(ArrayDecoder.class);
        assertThat(LastValueDecoder.wrap(array)).isSameAs(array);
    }

    @Provide
    Arbitrary<Column> columns() {
        return Arbitraries.oneOf(
                column(BuiltinDecoder.NUMERIC, Arbitraries.of("12.50", "12.5", "0", "-3.000", "NaN", "-Infinity",
                        "Infinity", "1e5", "")),
                column(BuiltinDecoder.TIMESTAMPTZ, Combinators.combine(
                        Arbitraries.longs().between(-2_000_000_000L, 4_000_000_000L),
                        Arbitraries.integers().between(0, 999_999),
                        Arbitraries.integers().between(-14, 14))
                        .as((s, micros, h) -> PgTextFormat.timestamptz(Instant.ofEpochSecond(s, micros * 1000L), h * 3600))
                        .injectDuplicates(0.3)),
                column(BuiltinDecoder.TIMESTAMP, Arbitraries.longs().between(-2_000_000_000L, 4_000_000_000L)
                        .map(s -> PgTextFormat.timestamp(LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC)))),
                column(BuiltinDecoder.DATE, Arbitraries.integers().between(-800_000, 800_000)
                        .map(days -> PgTextFormat.date(LocalDate.ofEpochDay(days)))),
                column(BuiltinDecoder.TIME, Arbitraries.longs().between(0, 86_399_999_999L)
                        .map(micros -> PgTextFormat.time(LocalTime.ofNanoOfDay(micros * 1000)))),
                column(BuiltinDecoder.UUID_, Arbitraries.longs().tuple2()
                        .map(t -> new UUID(t.get1(), t.get2()).toString())));
    }

    /**
     * Rows of one column: a few distinct values, so that runs of equal texts and returns to an
     * earlier one both happen, with special values and malformed texts among them.
     */
    private static Arbitrary<Column> column(BuiltinDecoder decoder, Arbitrary<String> values) {
        Arbitrary<String> bad = Arbitraries.of("", "x", "2026-13-45", "infinityx", "12:60:00");
        Arbitrary<List<String>> pool = Arbitraries.frequencyOf(
                Tuple.of(9, values), Tuple.of(1, bad)).list().ofMinSize(1).ofMaxSize(4);
        return pool.flatMap(distinct -> Arbitraries.integers().between(0, distinct.size() - 1).list().ofMaxSize(40)
                .map(picks -> {
                    List<String> texts = new ArrayList<>(picks.size());
                    for (int i : picks) {
                        // a new String each time, as the pgoutput parser makes them
                        texts.add(new String(distinct.get(i)));
                    }
                    return new Column(decoder, texts);
                }));
    }
}
