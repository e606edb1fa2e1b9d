package dev.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineCounterTest {

    @Property
    void countsTheSameLineBreaksAsAByteByByteLoop(@ForAll("bytes") byte[] bytes, @ForAll("offsets") int from) {
        int start = Math.min(from, bytes.length);
        long expected = 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                expected++;
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(start);
        assertThat(LineCounter.count(b)).isEqualTo(expected);
    }

    /** Bytes close to '\n' in every bit pattern that could confuse a word-wise count. */
    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.of((byte) '\n', (byte) 0x0B, (byte) 0x08, (byte) 0x8A, (byte) 0x00, (byte) 0xFF,
                (byte) 0x7F, (byte) 0x80, (byte) 'a').array(byte[].class).ofMaxSize(80);
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 9);
    }

    @Test
    void followsAFileAsItGrows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (LineCounter counter = new LineCounter(file)) {
            assertThat(counter.poll()).isZero();
            Files.write(file, List.of("{\"a\":1}", "{\"a\":2}"));
            assertThat(counter.poll()).isEqualTo(2);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                out.write("{\"a\":3".getBytes());
                out.flush();
                assertThat(counter.poll()).isEqualTo(2);
                out.write("}\n".repeat(1).getBytes());
                out.write(("x".repeat(2_000_000) + "\n").getBytes());
            }
            assertThat(counter.poll()).isEqualTo(4);
            assertThat(counter.bytes()).isEqualTo(Files.size(file));
        }
        assertThat(LineCounter.countFile(file)).isEqualTo(4);
    }
}
