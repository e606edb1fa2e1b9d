package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Array literals as array_out writes them: quoting, NULL, nesting, bounds, delimiters. */
class ArrayDecodingTest {
    private final PgValueDecoder decoder = PgValueDecoder.builtinsOnly();
    private final TextDecoder textArray = decoder.forType(1009);
    private final TextDecoder int4Array = decoder.forType(1007);

    @Test
    void int4ArrayWithNull() {
        assertThat(int4Array.decode("{1,2,NULL}")).isEqualTo(Arrays.asList(1, 2, null));
    }

    @Test
    void quotedNullIsTheStringAndBareNullIsSqlNull() {
        assertThat(textArray.decode("{\"a b\",\"c\\\"d\",NULL,\"NULL\",\"\",\" x\",\"null\"}"))
                .isEqualTo(Arrays.asList("a b", "c\"d", null, "NULL", "", " x", "null"));
        assertThat(textArray.decode("{null,NuLl}")).isEqualTo(Arrays.asList(null, null));
    }

    @Test
    void escapesInsideQuotes() {
        assertThat(textArray.decode("{\"a\\\\b\",\"a{b\",\"x,y\",é}")).isEqualTo(List.of("a\\b", "a{b", "x,y", "é"));
    }

    @Test
    void multiDimensionalArraysAreNestedLists() {
        assertThat(int4Array.decode("{{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(textArray.decode("{{a},{NULL}}")).isEqualTo(List.of(List.of("a"), Arrays.asList((Object) null)));
        assertThat(int4Array.decode("{{{1},{2}},{{3},{4}}}"))
                .isEqualTo(List.of(List.of(List.of(1), List.of(2)), List.of(List.of(3), List.of(4))));
    }

    @Test
    void explicitBoundsAreDropped() {
        assertThat(int4Array.decode("[0:1]={1,2}")).isEqualTo(List.of(1, 2));
        assertThat(int4Array.decode("[2:3][-1:0]={{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
    }

    @Test
    void emptyArray() {
        assertThat(int4Array.decode("{}")).isEqualTo(List.of());
    }

    @Test
    void boxArraysUseTheSemicolonDelimiter() {
        TextDecoder boxArray = decoder.forType(1020);
        assertThat(boxArray.decode("{(1,1),(0,0);(3,3),(2,2)}")).isEqualTo(List.of("(1,1),(0,0)", "(3,3),(2,2)"));
    }

    @Test
    void elementsUseTheElementDecoder() {
        assertThat(decoder.forType(1231).decode("{1.50,NaN,-0.001}"))
                .isEqualTo(List.of(new BigDecimal("1.50"), "NaN", new BigDecimal("-0.001")));
        assertThat(decoder.forType(1000).decode("{t,f,NULL}")).isEqualTo(Arrays.asList(true, false, null));
        Object bytea = decoder.forType(1001).decode("{\"\\\\x01ff\",NULL}");
        assertThat(((List<?>) bytea).get(0)).isEqualTo(new byte[] {1, (byte) 0xff});
        assertThat(decoder.forType(1185).decode("{\"2020-01-01 10:00:00+00\",infinity}"))
                .isEqualTo(List.of(java.time.Instant.parse("2020-01-01T10:00:00Z"), "infinity"));
    }

    @Test
    void compositeElementsStayTextWithTheirQuotingUndone() {
        ArrayDecoder composites = new ArrayDecoder(TextDecoder.TEXT, ',', "_pair");
        assertThat(composites.decode("{\"(1,\\\"a b\\\")\",\"(2,)\"}")).isEqualTo(List.of("(1,\"a b\")", "(2,)"));
    }

    @Test
    void looseInputSyntaxIsAccepted() {
        assertThat(textArray.decode(" { a b , \"c\" ,\\ d\\  } ")).isEqualTo(List.of("a b", "c", " d "));
        assertThat(textArray.decode("{\\NULL}")).isEqualTo(List.of("NULL"));
    }

    @Test
    void decodedListsAreUnmodifiable() {
        List<?> list = (List<?>) int4Array.decode("{1}");
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void malformedLiteralsAreRejected() {
        for (String bad : new String[] {"", "1,2", "{1,2", "{1,,2}", "{\"a}", "{a\"b}", "{1}x", "[1:2]{1,2}", "{{1},2"}) {
            assertThatThrownBy(() -> textArray.decode(bad)).as(bad).isInstanceOf(ValueDecodeException.class)
                    .hasMessageContaining("_text");
        }
        assertThatThrownBy(() -> int4Array.decode("{1,x}")).isInstanceOf(ValueDecodeException.class)
                .hasMessageContaining("int4");
    }

    @Property
    void textArraysRoundTrip(@ForAll("textLists") List<String> values) {
        assertThat(textArray.decode(PgTextFormat.array(values, ','))).isEqualTo(values);
    }

    @Property
    void semicolonDelimitedArraysRoundTrip(@ForAll("textLists") List<String> values) {
        ArrayDecoder semicolons = new ArrayDecoder(TextDecoder.TEXT, ';', "_box");
        assertThat(semicolons.decode(PgTextFormat.array(values, ';'))).isEqualTo(values);
    }

    @Property
    void twoDimensionalTextArraysRoundTrip(@ForAll @IntRange(min = 1, max = 4) int rows,
                                           @ForAll @IntRange(min = 1, max = 4) int cols,
                                           @ForAll("sixteenElements") List<String> pool) {
        List<List<String>> matrix = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            matrix.add(new ArrayList<>(pool.subList(r * cols, r * cols + cols)));
        }
        assertThat(textArray.decode(PgTextFormat.array(matrix, ','))).isEqualTo(matrix);
    }

    @Property
    void int8ArraysRoundTrip(@ForAll("longLists") List<Long> values) {
        assertThat(decoder.forType(1016).decode(PgTextFormat.array(values, ','))).isEqualTo(values);
    }

    @Provide
    Arbitrary<List<String>> textLists() {
        return element().list().ofMinSize(0).ofMaxSize(16);
    }

    @Provide
    Arbitrary<List<String>> sixteenElements() {
        return element().list().ofSize(16);
    }

    private static Arbitrary<String> element() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('"', '\\', '{', '}', ',', ';', ' ', '\t', '\n', 'a', 'N', 'U', 'L', 'l', 'é', '[', ']', '=', ':')
                .ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> nullish = Arbitraries.of("NULL", "null", "Null", "", " ", "\"", "\\", "{}", "NULL ");
        return Arbitraries.frequencyOf(
                Tuple.of(6, tricky),
                Tuple.of(2, nullish),
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(6)));
    }

    @Provide
    Arbitrary<List<Long>> longLists() {
        return Arbitraries.longs().injectNull(0.1).list().ofMaxSize(20);
    }
}
