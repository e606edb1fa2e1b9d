package dev.tidemark.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Follows a file that another process appends to and counts its line breaks, reading each byte
 * once. The daemon-heap benchmark watches the daemon's jsonl output with it: hundreds of MB in a
 * few seconds, on the same two cores as the daemon, so the count goes eight bytes at a time.
 * One thread.
 */
final class LineCounter implements AutoCloseable {
    private static final long LOW_SEVEN = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long HIGH = 0x8080_8080_8080_8080L;
    private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long offset;
    private long lines;

    LineCounter(Path file) {
        this.file = file;
    }

    /** Reads what was appended since the last call; returns the lines counted so far (0 while there is no file). */
    long poll() throws IOException {
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return 0;
            }
        }
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, offset);
            if (n <= 0) {
                return lines;
            }
            offset += n;
            buffer.flip();
            lines += count(buffer);
        }
    }

    long lines() {
        return lines;
    }

    long bytes() {
        return offset;
    }

    /** The line breaks between the buffer's position and its limit. */
    static long count(ByteBuffer b) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int i = le.position();
        int end = le.limit();
        long n = 0;
        for (; i + 8 <= end; i += 8) {
            // a byte of x is zero exactly where the word has '\n'; for each byte, (low seven bits +
            // 0x7F) | x has its high bit set unless the byte is zero, without carries between bytes
            long x = le.getLong(i) ^ NEWLINES;
            long nonZero = ((x & LOW_SEVEN) + LOW_SEVEN) | x;
            n += Long.bitCount(~nonZero & HIGH);
        }
        for (; i < end; i++) {
            if (le.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Counts the lines of a whole file. */
    static long countFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (LineCounter c = new LineCounter(file)) {
            return c.poll();
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
