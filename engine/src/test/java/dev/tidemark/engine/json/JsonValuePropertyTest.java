package dev.tidemark.engine.json;

import static dev.tidemark.engine.json.JsonEnvelopeTest.valueJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoField;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every encoded value reads back, with the JDK's own parsers, as the value written. */
class JsonValuePropertyTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String TIME = "\\d{2}:\\d{2}:\\d{2}(\\.\\d{0,8}[1-9])?";

    /** The JSON string's text; fails when the value was not written as a JSON string. */
    static String stringValue(Object value) throws IOException {
        try (JsonParser p = JSON.createParser(valueJson(value))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            String text = p.getText();
            assertThat(p.nextToken()).isNull();
            return text;
        }
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(60)), new BigInteger("1" + "0".repeat(60))),
                Arbitraries.integers().between(0, 40))
                .as(BigDecimal::new);
    }

    @Property
    void decimalsReadBackWithTheSameValueAndScale(@ForAll("decimals") BigDecimal d) throws IOException {
        BigDecimal back = new BigDecimal(stringValue(d));
        assertThat(back).isEqualTo(d);
        assertThat(back.scale()).isEqualTo(d.scale());
    }

    /** Money-like decimals take a path of their own in the encoder: the text must be toPlainString's. */
    @Property(tries = 3000)
    void decimalsAreWrittenAsTheirPlainString(@ForAll("plainDecimals") BigDecimal d) throws IOException {
        assertThat(stringValue(d)).isEqualTo(d.toPlainString());
    }

    @Provide
    Arbitrary<BigDecimal> plainDecimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.longs().between(-1000, 1000).map(BigInteger::valueOf),
                Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L).map(BigInteger::valueOf),
                Arbitraries.longs().map(BigInteger::valueOf),
                Arbitraries.bigIntegers().between(new BigInteger("-1" + "0".repeat(25)), new BigInteger("1" + "0".repeat(25))));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-3, 21)).as(BigDecimal::new);
    }

    @Property
    void decimalsWithANegativeScaleReadBackAsTheSameNumber(@ForAll BigInteger unscaled,
                                                            @ForAll("negativeScales") int scale) throws IOException {
        BigDecimal d = new BigDecimal(unscaled, scale);
        String text = stringValue(d);
        assertThat(text).doesNotContainIgnoringCase("e");
        assertThat(new BigDecimal(text)).isEqualByComparingTo(d);
    }

    @Provide
    Arbitrary<Integer> negativeScales() {
        return Arbitraries.integers().between(-30, -1);
    }

    @Property
    void binaryValuesRoundTripThroughBase64(@ForAll byte[] bytes) throws IOException {
        assertThat(Base64.getDecoder().decode(stringValue(bytes))).isEqualTo(bytes);
    }

    @Property
    void integersAreExactJsonNumbers(@ForAll BigInteger i) throws IOException {
        try (JsonParser p = JSON.createParser(valueJson(i))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
            assertThat(p.getBigIntegerValue()).isEqualTo(i);
        }
    }

    @Property
    void doublesReadBackExactly(@ForAll double d) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            assertThat(Double.parseDouble(stringValue(d))).isEqualTo(d);
            return;
        }
        try (JsonParser p = JSON.createParser(valueJson(d))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_FLOAT);
            assertThat(Double.parseDouble(p.getText())).isEqualTo(d);
        }
    }

    @Provide
    Arbitrary<LocalTime> times() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay),
                // whole seconds and microseconds, the common cases with trailing zeros
                Arbitraries.integers().between(0, 86_399).map(s -> LocalTime.ofSecondOfDay(s)),
                Arbitraries.longs().between(0, 86_399_999_999L).map(us -> LocalTime.ofNanoOfDay(us * 1000)));
    }

    @Property
    void timesReadBackAsTheSameTimeAndAlwaysShowSeconds(@ForAll("times") LocalTime t) throws IOException {
        String text = stringValue(t);
        assertThat(text).matches(TIME);
        assertThat(LocalTime.parse(text)).isEqualTo(t);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Combinators.combine(
                        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                        .as(Instant::ofEpochSecond),
                // 1900..2200 in microseconds, what databases store
                Arbitraries.longs().between(-2_208_988_800_000_000L, 7_258_118_400_000_000L)
                        .map(us -> Instant.EPOCH.plusNanos(0).plusSeconds(Math.floorDiv(us, 1_000_000))
                                .plusNanos(Math.floorMod(us, 1_000_000) * 1000L)));
    }

    @Property
    void instantsReadBackAsTheSameInstantInUtc(@ForAll("instants") Instant i) throws IOException {
        String text = stringValue(i);
        assertThat(text).endsWith("Z").matches(".*T" + TIME + "Z");
        assertThat(Instant.parse(text)).isEqualTo(i);
        // the JDK prints 3, 6 or 9 fraction digits; Tidemark trims the zeros and nothing else
        assertThat(text).isEqualTo(i.toString().replaceAll("(\\.\\d*[1-9])0+Z$", "$1Z"));
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    @Property
    void datesAreWrittenAsJavaTimeWritesThem(@ForAll("dates") LocalDate d) throws IOException {
        String text = stringValue(d);
        assertThat(text).isEqualTo(d.toString());
        assertThat(LocalDate.parse(text)).isEqualTo(d);
    }

    @Property
    void dateTimesReadBackAsTheSameDateTime(@ForAll("dates") LocalDate d, @ForAll("times") LocalTime t) throws IOException {
        LocalDateTime dt = LocalDateTime.of(d, t);
        String text = stringValue(dt);
        assertThat(text).isEqualTo(d + "T" + stringValue(t));
        assertThat(LocalDateTime.parse(text)).isEqualTo(dt);
        assertThat(LocalDateTime.parse(text).get(ChronoField.NANO_OF_SECOND)).isEqualTo(t.getNano());
    }
}
