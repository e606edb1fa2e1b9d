package dev.tidemark.mysqlbinlog.internal;

import java.nio.charset.Charset;

/**
 * A read cursor over one event body, in the binlog's byte orders: little-endian integers, except
 * the big-endian packed temporal and decimal formats. Reading past the end throws
 * {@link BinlogFormatException}, so a short or misparsed event never yields made-up values.
 */
final class BinlogBuffer {
    private final byte[] b;
    private int pos;
    private final int end;

    BinlogBuffer(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    BinlogBuffer(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    byte[] array() {
        return b;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new BinlogFormatException("event body ends after " + (pos) + " bytes; needed " + n + " more");
        }
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    int u8() {
        need(1);
        return b[pos++] & 0xFF;
    }

    int u16() {
        need(2);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    int u24() {
        need(3);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16;
        pos += 3;
        return v;
    }

    long u32() {
        need(4);
        long v = (b[pos] & 0xFFL) | (b[pos + 1] & 0xFFL) << 8 | (b[pos + 2] & 0xFFL) << 16 | (b[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    /** Little-endian unsigned integer of {@code n} (at most 8) bytes; 8 bytes come back as the raw long. */
    long uint(int n) {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[pos + i] & 0xFFL);
        }
        pos += n;
        return v;
    }

    /** Big-endian unsigned integer of {@code n} (at most 8) bytes. */
    long beUint(int n) {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (b[pos + i] & 0xFFL);
        }
        pos += n;
        return v;
    }

    /** MySQL's length-encoded integer. */
    long packed() {
        int first = u8();
        return switch (first) {
            case 0xFC -> u16();
            case 0xFD -> u24();
            case 0xFE -> uint(8);
            case 0xFB, 0xFF -> throw new BinlogFormatException("unexpected length-encoded integer prefix " + first);
            default -> first;
        };
    }

    byte[] bytes(int n) {
        need(n);
        byte[] r = new byte[n];
        System.arraycopy(b, pos, r, 0, n);
        pos += n;
        return r;
    }

    String string(int n, Charset cs) {
        need(n);
        String s = new String(b, pos, n, cs);
        pos += n;
        return s;
    }

    /** A zero-terminated string; the terminator is consumed. */
    String zeroTerminated(Charset cs) {
        int start = pos;
        while (pos < end && b[pos] != 0) {
            pos++;
        }
        if (pos >= end) {
            throw new BinlogFormatException("unterminated string in event body");
        }
        String s = new String(b, start, pos - start, cs);
        pos++;
        return s;
    }

    /** A bitmap of {@code bits} bits, least significant bit of the first byte first (the row image order). */
    boolean[] bitmap(int bits) {
        int n = (bits + 7) >>> 3;
        need(n);
        boolean[] r = new boolean[bits];
        for (int i = 0; i < bits; i++) {
            r[i] = (b[pos + (i >>> 3)] & (1 << (i & 7))) != 0;
        }
        pos += n;
        return r;
    }
}
