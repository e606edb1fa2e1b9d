package dev.tidemark.engine;

/**
 * A PostgreSQL write-ahead log position, printed and parsed in the server's {@code X/Y} notation.
 * Ordered as an unsigned 64-bit number.
 */
public record Lsn(long value) implements Comparable<Lsn> {
    /** The invalid position {@code 0/0}, used where the server has none. */
    public static final Lsn INVALID = new Lsn(0);

    /** Parses {@code 16/B374D848}. */
    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not an LSN (expected X/Y in hex): '" + text + "'");
        }
        try {
            long hi = Long.parseLong(text.substring(0, slash), 16);
            long lo = Long.parseLong(text.substring(slash + 1), 16);
            if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL || hi < 0 || lo < 0) {
                throw new NumberFormatException();
            }
            return new Lsn(hi << 32 | lo);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an LSN (expected X/Y in hex): '" + text + "'");
        }
    }

    public boolean isValid() {
        return value != 0;
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    public boolean isAfter(Lsn o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
