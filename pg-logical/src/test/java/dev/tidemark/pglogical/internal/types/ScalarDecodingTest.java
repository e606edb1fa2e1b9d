package dev.tidemark.pglogical.internal.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Built-in scalar types decode from the exact text their output functions write. */
class ScalarDecodingTest {
    private final PgValueDecoder decoder = PgValueDecoder.builtinsOnly();

    private Object decode(int oid, String text) {
        return decoder.forType(oid).decode(text);
    }

    @Test
    void boolIsTOrF() {
        assertThat(decode(BuiltinTypes.BOOL, "t")).isEqualTo(Boolean.TRUE);
        assertThat(decode(BuiltinTypes.BOOL, "f")).isEqualTo(Boolean.FALSE);
        assertThatThrownBy(() -> decode(BuiltinTypes.BOOL, "true")).isInstanceOf(ValueDecodeException.class)
                .hasMessageContaining("bool");
    }

    @Test
    void integersKeepTheirWidth() {
        assertThat(decode(BuiltinTypes.INT2, "-32768")).isEqualTo((short) -32768);
        assertThat(decode(BuiltinTypes.INT4, "2147483647")).isEqualTo(2147483647);
        assertThat(decode(BuiltinTypes.INT8, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void unsignedThirtyTwoBitTypesAreLongs() {
        assertThat(decode(BuiltinTypes.OID, "4294967295")).isEqualTo(4294967295L);
        assertThat(decode(BuiltinTypes.XID, "3000000000")).isEqualTo(3000000000L);
        assertThat(decode(BuiltinTypes.CID, "0")).isEqualTo(0L);
    }

    @Test
    void xid8IsALongUntilItOverflows() {
        assertThat(decode(BuiltinTypes.XID8, "1234567890123")).isEqualTo(1234567890123L);
        assertThat(decode(BuiltinTypes.XID8, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(decode(BuiltinTypes.XID8, "18446744073709551615"))
                .isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void integerOverflowIsReportedWithTheType() {
        assertThatThrownBy(() -> decode(BuiltinTypes.INT2, "32768")).isInstanceOf(ValueDecodeException.class)
                .hasMessageContaining("int2").hasMessageContaining("'32768'");
    }

    @Test
    void floatsIncludingSpecialValues() {
        assertThat(decode(BuiltinTypes.FLOAT4, "1.5")).isEqualTo(1.5f);
        assertThat(decode(BuiltinTypes.FLOAT4, "1e+20")).isEqualTo(1e20f);
        assertThat(decode(BuiltinTypes.FLOAT4, "NaN")).isEqualTo(Float.NaN);
        assertThat(decode(BuiltinTypes.FLOAT8, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decode(BuiltinTypes.FLOAT8, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decode(BuiltinTypes.FLOAT8, "0.1")).isEqualTo(0.1d);
        assertThat(decode(BuiltinTypes.FLOAT8, "-0")).isEqualTo(-0.0d);
        assertThat(decode(BuiltinTypes.FLOAT8, "1.7976931348623157e+308")).isEqualTo(Double.MAX_VALUE);
        assertThat(decode(BuiltinTypes.FLOAT8, "5e-324")).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void numericIsExactAndKeepsItsScale() {
        Object v = decode(BuiltinTypes.NUMERIC, "12.50");
        assertThat(v).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) v).scale()).isEqualTo(2);
        assertThat(v).isEqualTo(new BigDecimal("12.50"));
        assertThat(decode(BuiltinTypes.NUMERIC, "-0.000001")).isEqualTo(new BigDecimal("-0.000001"));
        assertThat(decode(BuiltinTypes.NUMERIC, "123456789012345678901234567890.123456789012345678901234567890"))
                .isEqualTo(new BigDecimal("123456789012345678901234567890.123456789012345678901234567890"));
        assertThat(decode(BuiltinTypes.NUMERIC, "100")).isEqualTo(new BigDecimal("100"));
    }

    @Test
    void numericSpecialValuesStayText() {
        assertThat(decode(BuiltinTypes.NUMERIC, "NaN")).isEqualTo("NaN");
        assertThat(decode(BuiltinTypes.NUMERIC, "Infinity")).isEqualTo("Infinity");
        assertThat(decode(BuiltinTypes.NUMERIC, "-Infinity")).isEqualTo("-Infinity");
        assertThatThrownBy(() -> decode(BuiltinTypes.NUMERIC, "Inf")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> decode(BuiltinTypes.NUMERIC, "")).isInstanceOf(ValueDecodeException.class);
    }

    @Test
    void textLikeTypesStayAsSent() {
        for (int oid : new int[] {BuiltinTypes.TEXT, BuiltinTypes.VARCHAR, BuiltinTypes.BPCHAR, BuiltinTypes.NAME,
            BuiltinTypes.CHAR, BuiltinTypes.JSON, BuiltinTypes.JSONB, BuiltinTypes.XML, BuiltinTypes.MONEY,
            BuiltinTypes.INTERVAL, BuiltinTypes.TIMETZ}) {
            String text = "  {\"a\": [1, \"b\\\"\"]} $1,000.00 \\x00 ";
            assertThat(decode(oid, text)).as("oid %d", oid).isSameAs(text);
        }
    }

    @Test
    void geometricNetworkAndBitTypesStayText() {
        // point 600, inet 869, cidr 650, macaddr 829, bit 1560, varbit 1562, tsvector 3614
        assertThat(decode(600, "(1,2)")).isEqualTo("(1,2)");
        assertThat(decode(869, "192.168.0.1/24")).isEqualTo("192.168.0.1/24");
        assertThat(decode(650, "10.0.0.0/8")).isEqualTo("10.0.0.0/8");
        assertThat(decode(829, "08:00:2b:01:02:03")).isEqualTo("08:00:2b:01:02:03");
        assertThat(decode(1560, "101")).isEqualTo("101");
        assertThat(decode(1562, "1")).isEqualTo("1");
        assertThat(decode(3614, "'a' 'b':2")).isEqualTo("'a' 'b':2");
    }

    @Test
    void uuidIsAUuid() {
        assertThat(decode(BuiltinTypes.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertThatThrownBy(() -> decode(BuiltinTypes.UUID, "1-2-3-4-5")).isInstanceOf(ValueDecodeException.class);
    }

    @Test
    void byteaHexFormat() {
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "\\x0102ab")).containsExactly(1, 2, 0xab);
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "\\xFF00")).containsExactly(0xff, 0);
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "\\x")).isEmpty();
        assertThatThrownBy(() -> decode(BuiltinTypes.BYTEA, "\\x0")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> decode(BuiltinTypes.BYTEA, "\\x0g")).isInstanceOf(ValueDecodeException.class);
    }

    @Test
    void byteaLegacyEscapeFormat() {
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "\\000\\377\\\\A")).containsExactly(0, 0xff, '\\', 'A');
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "abc")).containsExactly('a', 'b', 'c');
        assertThat((byte[]) decode(BuiltinTypes.BYTEA, "")).isEmpty();
        assertThatThrownBy(() -> decode(BuiltinTypes.BYTEA, "\\9")).isInstanceOf(ValueDecodeException.class);
        assertThatThrownBy(() -> decode(BuiltinTypes.BYTEA, "\\40")).isInstanceOf(ValueDecodeException.class);
    }
}
