package dev.tidemark.mysqlbinlog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Encodings no MariaDB test server writes: MySQL's binary JSON, and packed TIME2 edge cases. */
class ColumnCodecTest {

    private static Object read(ColumnCodec codec, String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        BinlogBuffer r = new BinlogBuffer(b);
        Object v = codec.read(r);
        assertThat(r.remaining()).as("the whole value is consumed").isZero();
        return v;
    }

    @Test
    void mysqlBinaryJsonBecomesJsonText() {
        ColumnCodec json = new ColumnCodec(ColumnCodec.Kind.JSON, false, 4, 0, null, null, null);
        // {"a":1} in MySQL's binary JSON: small object, one key, an inlined int16
        String doc = "00" + "0100" + "0c00" + "0b000100" + "050100" + "61";
        assertThat(read(json, "0d000000" + doc)).isEqualTo("{\"a\":1}");
        // a JSON string scalar: type 0x0c, length 2, "hi"
        assertThat(read(json, "04000000" + "0c026869")).isEqualTo("\"hi\"");
    }

    @Test
    void time2DecodesSignsAndFractionsOfEveryPrecision() {
        // TIME(2) '-00:00:01.50': intpart -2 (after borrowing), fraction 50 (-50 + 0x100 = 0xce)
        ColumnCodec t2 = new ColumnCodec(ColumnCodec.Kind.TIME2, false, 2, 0, null, null, null);
        long packed2 = 0x800000L - 2;
        assertThat(read(t2, String.format("%06x", packed2) + "ce")).isEqualTo("-00:00:01.5");
        // TIME(4) '12:34:56.7891'
        ColumnCodec t4 = new ColumnCodec(ColumnCodec.Kind.TIME2, false, 4, 0, null, null, null);
        long hms = (12L << 12) | (34 << 6) | 56;
        assertThat(read(t4, String.format("%06x", 0x800000L + hms) + String.format("%04x", 7891)))
                .isEqualTo(LocalTime.of(12, 34, 56, 789_100_000));
        // TIME(0) '100:00:00'
        ColumnCodec t0 = new ColumnCodec(ColumnCodec.Kind.TIME2, false, 0, 0, null, null, null);
        assertThat(read(t0, String.format("%06x", 0x800000L + (100L << 12)))).isEqualTo("100:00:00");
    }

    @Test
    void bitsEnumsAndSetsBecomeNumbersAndTheirValues() {
        ColumnCodec bit64 = new ColumnCodec(ColumnCodec.Kind.BIT, false, 8, 0, null, null, null);
        assertThat(read(bit64, "ffffffffffffffff")).isEqualTo(new BigInteger("18446744073709551615"));
        ColumnCodec bit3 = new ColumnCodec(ColumnCodec.Kind.BIT, false, 3 << 8, 0, null, null, null);
        assertThat(read(bit3, "05")).isEqualTo(5L);
        ColumnCodec e = new ColumnCodec(ColumnCodec.Kind.ENUM, false, 0, 1, StandardCharsets.UTF_8, new String[] {"x", "y"}, null);
        assertThat(read(e, "02")).isEqualTo("y");
        assertThat(read(e, "00")).isEqualTo("");
        ColumnCodec s = new ColumnCodec(ColumnCodec.Kind.SET, false, 0, 1, StandardCharsets.UTF_8, null, new String[] {"a", "b", "c"});
        assertThat(read(s, "05")).isEqualTo("a,c");
        assertThat(read(s, "00")).isEqualTo("");
    }
}
