package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips for the types whose exactness matters most: numeric keeps its scale, bytea its bytes. */
class NumericAndByteaPropertiesTest {
    @Property
    void numericKeepsValueAndScale(@ForAll("decimals") BigDecimal value) {
        Object decoded = BuiltinDecoder.NUMERIC.decode(value.toPlainString());
        // BigDecimal.equals compares the scale too: 12.5 is not 12.50.
        assertThat(decoded).isEqualTo(value);
    }

    @Property
    void byteaHexRoundTrips(@ForAll byte[] bytes) {
        assertThat((byte[]) BuiltinDecoder.BYTEA.decode(PgTextFormat.byteaHex(bytes))).isEqualTo(bytes);
    }

    @Property
    void byteaEscapeRoundTrips(@ForAll byte[] bytes) {
        assertThat((byte[]) BuiltinDecoder.BYTEA.decode(PgTextFormat.byteaEscape(bytes))).isEqualTo(bytes);
    }

    @Property
    void int8RoundTrips(@ForAll long value) {
        assertThat(BuiltinDecoder.INT8.decode(Long.toString(value))).isEqualTo(value);
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40));
        Arbitrary<Integer> scale = Arbitraries.integers().between(0, 30);
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }
}
