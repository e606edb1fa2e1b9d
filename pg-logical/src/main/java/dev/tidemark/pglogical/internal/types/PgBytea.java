package dev.tidemark.pglogical.internal.types;

import java.util.Arrays;

/**
 * Parses {@code bytea} text: the hex format {@code \x0102ab} (the default {@code bytea_output}
 * since PostgreSQL 9.0) and the legacy escape format, where printable ASCII stands for itself,
 * {@code \\} is a backslash and {@code \ooo} is an octal byte.
 * See <a href="https://www.postgresql.org/docs/current/datatype-binary.html">Binary Data Types</a>.
 */
final class PgBytea {
    private static final byte[] HEX = new byte[128];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['a' + i] = (byte) (10 + i);
            HEX['A' + i] = (byte) (10 + i);
        }
    }

    private PgBytea() {
    }

    static byte[] parse(String text) {
        if (text.length() >= 2 && text.charAt(0) == '\\' && text.charAt(1) == 'x') {
            return hex(text);
        }
        return escape(text);
    }

    private static byte[] hex(String text) {
        int digits = text.length() - 2;
        if ((digits & 1) != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0, p = 2; i < out.length; i++, p += 2) {
            out[i] = (byte) (nibble(text.charAt(p)) << 4 | nibble(text.charAt(p + 1)));
        }
        return out;
    }

    private static int nibble(char c) {
        int v = c < 128 ? HEX[c] : -1;
        if (v < 0) {
            throw new IllegalArgumentException("'" + c + "' is not a hex digit");
        }
        return v;
    }

    private static byte[] escape(String text) {
        byte[] out = new byte[text.length()];
        int n = 0;
        for (int p = 0; p < text.length(); ) {
            char c = text.charAt(p);
            if (c != '\\') {
                if (c > 0xFF) {
                    throw new IllegalArgumentException("character U+" + Integer.toHexString(c)
                            + " cannot appear in escape-format bytea");
                }
                out[n++] = (byte) c;
                p++;
            } else if (p + 1 < text.length() && text.charAt(p + 1) == '\\') {
                out[n++] = '\\';
                p += 2;
            } else if (isOctalByte(text, p + 1)) {
                out[n++] = (byte) ((text.charAt(p + 1) - '0') << 6 | (text.charAt(p + 2) - '0') << 3
                        | (text.charAt(p + 3) - '0'));
                p += 4;
            } else {
                throw new IllegalArgumentException("backslash at position " + p
                        + " is not followed by \\ or an octal byte \\000-\\377");
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Three octal digits at {@code at}, the first 0-3 so the value fits a byte. */
    private static boolean isOctalByte(String text, int at) {
        return at + 2 < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '3'
                && isOctal(text.charAt(at + 1)) && isOctal(text.charAt(at + 2));
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
