package dev.tidemark.benchmarks;

import java.io.OutputStream;

/** Counts the bytes written to it and keeps none: the cost of serialising, without the cost of I/O. */
final class CountingOutputStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    long count() {
        return count;
    }
}
