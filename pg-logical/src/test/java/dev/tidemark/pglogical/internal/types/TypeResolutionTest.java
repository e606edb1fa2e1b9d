package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a type OID becomes a decoder: domains, arrays, enums and unknown types. */
class TypeResolutionTest {
    private final PgTypeRegistry registry = PgTypeRegistry.create();
    private final PgValueDecoder decoder = new PgValueDecoder(registry);

    @Test
    void builtinScalarsResolveToSharedSingletons() {
        assertThat(decoder.forType(BuiltinTypes.INT4)).isSameAs(decoder.forType(BuiltinTypes.INT4))
                .isSameAs(BuiltinDecoder.INT4);
        assertThat(decoder.forType(BuiltinTypes.INTERVAL)).isSameAs(TextDecoder.TEXT);
    }

    @Test
    void unknownOidFallsBackToText() {
        TextDecoder d = decoder.forType(987654);
        assertThat(d).isSameAs(TextDecoder.TEXT);
        assertThat(d.decode("(1,2)")).isEqualTo("(1,2)");
        assertThat(decoder.forType(-5, null)).isSameAs(TextDecoder.TEXT);
    }

    @Test
    void domainsDecodeAsTheirBaseTypeThroughChains() {
        registry.add(new PgType(70001, "public", "posint", PgType.Kind.DOMAIN, 0, BuiltinTypes.INT4, 'N', ',', 70002));
        registry.add(new PgType(70003, "public", "small_posint", PgType.Kind.DOMAIN, 0, 70001, 'N', ',', 0));
        assertThat(decoder.forType(70001).decode("7")).isEqualTo(7);
        assertThat(decoder.forType(70003).decode("7")).isEqualTo(7);
    }

    @Test
    void arraysOfDomainsUseTheDomainsBaseDecoder() {
        registry.add(new PgType(70001, "public", "posint", PgType.Kind.DOMAIN, 0, BuiltinTypes.INT4, 'N', ',', 70002));
        registry.add(new PgType(70002, "public", "_posint", PgType.Kind.BASE, 70001, 0, 'A', ',', 0));
        assertThat(decoder.forType(70002).decode("{1,NULL}")).isEqualTo(java.util.Arrays.asList(1, null));
    }

    @Test
    void domainOverAnArrayIsAnArray() {
        registry.add(new PgType(70010, "public", "int_list", PgType.Kind.DOMAIN, 0, 1007, 'A', ',', 0));
        assertThat(decoder.forType(70010).decode("{1,2}")).isEqualTo(List.of(1, 2));
    }

    @Test
    void enumsCompositesAndRangesStayText() {
        registry.add(new PgType(70020, "public", "mood", PgType.Kind.ENUM, 0, 0, 'E', ',', 70021));
        registry.add(new PgType(70021, "public", "_mood", PgType.Kind.BASE, 70020, 0, 'A', ',', 0));
        registry.add(new PgType(70030, "public", "pair", PgType.Kind.COMPOSITE, 0, 0, 'C', ',', 0));
        assertThat(decoder.forType(70020)).isSameAs(TextDecoder.TEXT);
        assertThat(decoder.forType(70021).decode("{sad,happy}")).isEqualTo(List.of("sad", "happy"));
        assertThat(decoder.forType(70030)).isSameAs(TextDecoder.TEXT);
        assertThat(decoder.forType(3904)).isSameAs(TextDecoder.TEXT);
        assertThat(decoder.forType(3905).decode("{\"[1,5)\",empty}")).isEqualTo(List.of("[1,5)", "empty"));
    }

    @Test
    void vectorTypesAreNotArrayLiterals() {
        assertThat(decoder.forType(BuiltinTypes.INT2VECTOR).decode("1 2")).isEqualTo("1 2");
        assertThat(decoder.forType(BuiltinTypes.OIDVECTOR).decode("23 25")).isEqualTo("23 25");
    }

    @Test
    void cyclicDomainsCannotHangResolution() {
        registry.add(new PgType(70040, "public", "a", PgType.Kind.DOMAIN, 0, 70041, 'N', ',', 0));
        registry.add(new PgType(70041, "public", "b", PgType.Kind.DOMAIN, 0, 70040, 'N', ',', 0));
        assertThat(decoder.forType(70040)).isSameAs(TextDecoder.TEXT);
    }

    @Test
    void typeNamesForColumns() {
        assertThat(decoder.typeName(1009, null)).isEqualTo("_text");
        assertThat(decoder.typeName(-1, null)).isEqualTo("oid:4294967295");
    }
}
