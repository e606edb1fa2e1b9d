package dev.tidemark.pglogical.internal.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes an array literal as {@code array_out} writes it into an unmodifiable {@link List}, one
 * nested list per extra dimension, each element decoded by the element type's decoder.
 *
 * <p>The grammar (<a href="https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO">Array
 * Input and Output Syntax</a>): an optional bounds prefix {@code [lo:hi][lo:hi]=} when a lower
 * bound is not 1 (dropped: a list is always 0-based), then {@code {e1,e2}} where {@code ,} is the
 * element type's {@code typdelim} ({@code ;} for {@code box}). An element is double-quoted, with
 * {@code \"} and {@code \\} escaped, whenever it is empty, contains a quote, backslash, brace,
 * the delimiter or white space, or spells {@code NULL} in any case; so an unquoted {@code NULL}
 * is SQL NULL while {@code "NULL"} is the string. The parser also accepts the looser input
 * syntax (white space around elements, backslash escapes outside quotes).
 */
final class ArrayDecoder implements TextDecoder {
    private final TextDecoder element;
    private final char delimiter;
    private final String typeName;

    ArrayDecoder(TextDecoder element, char delimiter, String typeName) {
        this.element = element;
        this.delimiter = delimiter;
        this.typeName = typeName;
    }

    @Override
    public Object decode(String text) {
        return new Parser(text).parse();
    }

    @Override
    public String toString() {
        return typeName + "(" + element + "[], delimiter '" + delimiter + "')";
    }

    private final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Object> parse() {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '[') {
                int eq = s.indexOf('=', pos);
                if (eq < 0) {
                    throw malformed("bounds prefix without '='");
                }
                pos = eq + 1;
                skipSpace();
            }
            if (pos >= s.length() || s.charAt(pos) != '{') {
                throw malformed("expected '{' at position " + pos);
            }
            List<Object> result = level();
            skipSpace();
            if (pos != s.length()) {
                throw malformed("unexpected text after the closing '}' at position " + pos);
            }
            return result;
        }

        /** Reads {@code {...}} starting at its opening brace. */
        private List<Object> level() {
            pos++;
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return Collections.unmodifiableList(out);
            }
            while (true) {
                skipSpace();
                char c = peek();
                if (c == '{') {
                    out.add(level());
                } else if (c == '"') {
                    out.add(element.decode(quoted()));
                } else {
                    out.add(unquoted());
                }
                skipSpace();
                c = peek();
                pos++;
                if (c == '}') {
                    return Collections.unmodifiableList(out);
                }
                if (c != delimiter) {
                    throw malformed("expected '" + delimiter + "' or '}' at position " + (pos - 1));
                }
            }
        }

        private String quoted() {
            int start = ++pos;
            // Fast path: most quoted elements (spaces, commas) contain no escapes.
            int close = s.indexOf('"', start);
            int backslash = s.indexOf('\\', start);
            if (close >= 0 && (backslash < 0 || backslash > close)) {
                pos = close + 1;
                return s.substring(start, close);
            }
            StringBuilder sb = new StringBuilder(Math.max(16, (close < 0 ? s.length() : close) - start));
            while (true) {
                char c = charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    c = charAt(pos++);
                }
                sb.append(c);
            }
        }

        /** An unquoted element: SQL NULL for the bare word NULL, else the decoded text. */
        private Object unquoted() {
            int start = pos;
            StringBuilder sb = null;
            // Trailing white space is not part of the element unless escaped; `keep` marks the end
            // of the last character that must be kept.
            int keep = 0;
            while (true) {
                char c = peek();
                if (c == delimiter || c == '}') {
                    break;
                }
                if (c == '{' || c == '"') {
                    throw malformed("unexpected '" + c + "' inside an unquoted element at position " + pos);
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder().append(s, start, pos);
                    }
                    pos++;
                    sb.append(charAt(pos++));
                    keep = sb.length();
                    continue;
                }
                if (sb != null) {
                    sb.append(c);
                    if (!isSpace(c)) {
                        keep = sb.length();
                    }
                } else if (!isSpace(c)) {
                    keep = pos + 1 - start;
                }
                pos++;
            }
            if (sb == null) {
                if (keep == 0) {
                    throw malformed("empty unquoted element at position " + start);
                }
                if (keep == 4 && s.regionMatches(true, start, "NULL", 0, 4)) {
                    return null;
                }
                return element.decode(s.substring(start, start + keep));
            }
            sb.setLength(keep);
            return element.decode(sb.toString());
        }

        private char peek() {
            return charAt(pos);
        }

        private char charAt(int i) {
            if (i >= s.length()) {
                throw malformed("unexpected end of the array literal");
            }
            return s.charAt(i);
        }

        private void skipSpace() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        private ValueDecodeException malformed(String problem) {
            return new ValueDecodeException(typeName, s, problem);
        }
    }

    /** White space as {@code array_in} sees it ({@code array_isspace}). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }
}
