package dev.tidemark.engine.sql;

import dev.tidemark.engine.ConfigException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one {@code schema.table} in the syntax {@link TableName} describes. Every error quotes the
 * input and says how to write it; where a part needs quoting, it shows the input with that part
 * quoted.
 */
final class TableNameParser {
    /** PostgreSQL keeps at most NAMEDATALEN - 1 bytes of a name and silently drops the rest. */
    private static final int PG_MAX_BYTES = 63;
    /** MySQL and MariaDB allow 64 characters in database and table names. */
    private static final int MYSQL_MAX_CHARS = 64;

    private final String text;
    private final SqlDialect dialect;
    private int pos;
    /** Where the last part read starts, and whether it was quoted: for the error after it. */
    private int partStart;
    private boolean partQuoted;

    TableNameParser(String text, SqlDialect dialect) {
        this.text = text;
        this.dialect = dialect;
    }

    TableName parse() {
        if (text == null || text.isBlank()) {
            throw error("is empty; write it " + form());
        }
        skipSpace();
        String schema = part("first");
        skipSpace();
        if (atEnd()) {
            throw error("has no " + firstPartName() + "; write it " + form());
        }
        if (text.charAt(pos) != '.') {
            throw unexpectedAfterPart();
        }
        pos++;
        skipSpace();
        if (atEnd()) {
            throw error("has nothing after the dot; write it " + form());
        }
        String table = part("second");
        skipSpace();
        if (!atEnd()) {
            if (text.charAt(pos) == '.') {
                throw error("has more than two parts; write it " + form() + ", and quote a name that contains a dot"
                        + " (e.g. " + dotExample() + ")");
            }
            throw unexpectedAfterPart();
        }
        return new TableName(schema, table);
    }

    private String part(String which) {
        int start = pos;
        partStart = start;
        char c = text.charAt(pos);
        partQuoted = c == '"' || c == '`';
        String name;
        if (c == '"') {
            name = quoted('"');
        } else if (c == '`') {
            if (dialect != SqlDialect.MYSQL) {
                throw error("quotes a name in backticks, which only MySQL/MariaDB use; for PostgreSQL write it in double"
                        + " quotes: " + requoted(text.replace('`', '"')));
            }
            name = quoted('`');
        } else if (c == '.') {
            throw error("has an empty " + which + " part; write it " + form());
        } else {
            name = unquoted();
        }
        if (!atEnd() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != '.') {
            if (c == '"' || c == '`') {
                throw error("has '" + text.charAt(pos) + "' right after the quoted name " + text.substring(start, pos)
                        + "; a quoted part ends at its closing " + c + " (write a " + c + " inside it as " + c + c + ")");
            }
            throw needsQuotes(start);
        }
        checkLimits(name, text.substring(start, pos));
        return name;
    }

    private String quoted(char q) {
        int open = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error("has no closing " + q + " for the name opened at character " + (open + 1)
                        + "; close it, and write a " + q + " inside a name as " + q + q);
            }
            char ch = text.charAt(pos);
            if (ch == q) {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == q) {
                    sb.append(q);
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            sb.append(ch);
            pos++;
        }
        if (sb.length() == 0) {
            throw error("has an empty quoted name " + q + q + "; a name needs at least one character");
        }
        return sb.toString();
    }

    private String unquoted() {
        int start = pos;
        while (!atEnd()) {
            int cp = text.codePointAt(pos);
            if (!(Character.isLetterOrDigit(cp) || cp == '_' || cp == '$')) {
                break;
            }
            pos += Character.charCount(cp);
        }
        if (pos == start) {
            throw needsQuotes(start);
        }
        String raw = text.substring(start, pos);
        if (dialect == SqlDialect.POSTGRESQL) {
            char first = raw.charAt(0);
            if (Character.isDigit(first) || first == '$') {
                throw error("has the unquoted name " + raw + ", which PostgreSQL does not allow to start with '" + first
                        + "'; double-quote it: " + replaced(start, pos, quote(raw)));
            }
            return foldAscii(raw);
        }
        if (raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw error("has the unquoted name " + raw + ", which is all digits; MySQL/MariaDB read that as a number:"
                    + " quote it: " + replaced(start, pos, quote(raw)));
        }
        return raw;
    }

    private void checkLimits(String name, String written) {
        if (name.indexOf('\0') >= 0) {
            throw error("has a NUL character in " + written + ", which no server allows in a name");
        }
        if (dialect == SqlDialect.POSTGRESQL && name.getBytes(StandardCharsets.UTF_8).length > PG_MAX_BYTES) {
            throw error("has the name " + written + " of " + name.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; PostgreSQL names are at most " + PG_MAX_BYTES + " bytes (longer ones are cut short"
                    + " when created): write the name as the server stores it");
        }
        if (dialect == SqlDialect.MYSQL) {
            if (name.codePointCount(0, name.length()) > MYSQL_MAX_CHARS) {
                throw error("has the name " + written + " of more than " + MYSQL_MAX_CHARS
                        + " characters, which MySQL/MariaDB do not allow in database and table names");
            }
            if (name.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
                throw error("has the name " + written + " with a character outside Unicode's Basic Multilingual Plane,"
                        + " which MySQL/MariaDB do not allow in names");
            }
            if (name.endsWith(" ")) {
                throw error("has the name " + written + " ending in a space, which MySQL/MariaDB do not allow in"
                        + " database and table names");
            }
        }
    }

    /** An unquoted part with a character only a quoted one may hold: suggest quoting up to the next dot. */
    private ConfigException needsQuotes(int start) {
        if (text.indexOf('\'', start) >= 0) {
            return error("has a single quote; single quotes do not quote names: write a name that needs quoting in"
                    + " double quotes" + (dialect == SqlDialect.MYSQL ? " or backticks" : "") + ", as in " + form());
        }
        int end = text.indexOf('.', start);
        if (end < 0) {
            end = text.length();
        }
        String segment = text.substring(start, end).strip();
        int segEnd = start + segment.length();
        return error("has the unquoted name " + segment + ", which holds characters besides letters, digits, _ and $;"
                + " a name with spaces, dots, quotes or other characters must be double-quoted"
                + (dialect == SqlDialect.MYSQL ? " (or backticked)" : "") + ": "
                + replaced(start, segEnd, quote(segment)));
    }

    /** Something other than the dot or the end after a part and its whitespace. */
    private ConfigException unexpectedAfterPart() {
        if (!partQuoted) {
            return needsQuotes(partStart);
        }
        return error("has an unexpected '" + new String(Character.toChars(text.codePointAt(pos))) + "' after the quoted"
                + " name " + text.substring(partStart, pos).strip() + "; write it " + form());
    }

    private ConfigException error(String problem) {
        return new ConfigException("table '" + text + "' " + problem);
    }

    private String replaced(int start, int end, String with) {
        return (text.substring(0, start) + with + text.substring(end)).strip();
    }

    /** The whole input with a different quoting, stripped, for a suggestion. */
    private static String requoted(String s) {
        return s.strip();
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private String form() {
        return dialect == SqlDialect.POSTGRESQL ? "schema.table (e.g. public.orders or public.\"Order Lines\")"
                : "database.table (e.g. shop.orders or shop.`Order Lines`)";
    }

    private String firstPartName() {
        return dialect == SqlDialect.POSTGRESQL ? "schema" : "database";
    }

    private String dotExample() {
        return dialect == SqlDialect.POSTGRESQL ? "public.\"v1.2\"" : "shop.`v1.2`";
    }

    private static String foldAscii(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }
}
