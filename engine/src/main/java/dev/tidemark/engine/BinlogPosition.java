package dev.tidemark.engine;

import java.util.Objects;

/**
 * A position in a MySQL/MariaDB binary log. {@code gtidSet} is the set executed up to and including
 * the current transaction (MySQL {@code uuid:1-n} sets, MariaDB {@code domain-server-seq} lists), or
 * empty when GTIDs are off; {@code file}/{@code offset} locate the transaction's start in the
 * server's own binlog, the fallback when there are no GTIDs; {@code index} is the 1-based event
 * index inside the transaction, or {@link #TX_END}.
 *
 * <p>Ordering: first by how many transactions the GTID set covers ({@link #gtidCount()}: MySQL, the
 * number of GTIDs in the set; MariaDB, the sum of the per-domain sequence numbers), then by the
 * binlog coordinates of one server (file, offset, index), then by the set's text. A pipeline's GTID
 * set only grows, so positions of one stream order as the server wrote them, and positions read
 * from another server of the same topology after a failover (where file names and offsets mean
 * something else) still order after everything read before. With GTIDs off every count is 0 and
 * the coordinates decide. Resuming on another server goes through the GTID set, never through
 * file and offset.
 *
 * <p>Text form: {@code gtidSet|file|offset|index} (index omitted for a transaction end).
 */
public record BinlogPosition(String gtidSet, String file, long offset, long index) implements Position {
    public static final String KIND = "mysql";
    public static final long TX_END = Long.MAX_VALUE;

    public BinlogPosition {
        Objects.requireNonNull(gtidSet, "gtidSet");
        Objects.requireNonNull(file, "file");
        if (index < 1) {
            throw new IllegalArgumentException("event index is 1-based, got " + index);
        }
        if (gtidSet.indexOf('|') >= 0 || file.indexOf('|') >= 0) {
            throw new IllegalArgumentException("'|' is not allowed in a GTID set or binlog file name");
        }
    }

    public static BinlogPosition parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("not a binlog position (gtids|file|offset[|index]): '" + text + "'");
        }
        try {
            long idx = parts.length == 4 ? Long.parseLong(parts[3]) : TX_END;
            return new BinlogPosition(parts[0], parts[1], Long.parseLong(parts[2]), idx);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a binlog position (gtids|file|offset[|index]): '" + text + "'");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean isTransactionEnd() {
        return index == TX_END;
    }

    @Override
    public String format() {
        String base = gtidSet + "|" + file + "|" + offset;
        return index == TX_END ? base : base + "|" + index;
    }

    @Override
    public int compareTo(Position other) {
        BinlogPosition o = (BinlogPosition) other;
        int c = gtidSet.equals(o.gtidSet) ? 0 : Long.compare(gtidCount(), o.gtidCount());
        if (c == 0) {
            c = compareFiles(file, o.file);
        }
        if (c == 0) {
            c = Long.compare(offset, o.offset);
        }
        if (c == 0) {
            c = Long.compare(index, o.index);
        }
        return c != 0 ? c : gtidSet.compareTo(o.gtidSet);
    }

    /**
     * How many transactions the GTID set covers: for a MySQL set ({@code uuid:1-5:7,uuid2:1-3}) the
     * number of GTIDs in it, for a MariaDB position ({@code 0-1-100,1-2-7}) the sum of the sequence
     * numbers. 0 for an empty set or text in neither form. Saturates at {@link Long#MAX_VALUE}.
     */
    public long gtidCount() {
        return gtidCount(gtidSet);
    }

    static long gtidCount(String set) {
        // scanned by hand rather than split: positions are compared per event, and a regex split per
        // comparison was a fifth of a pipeline's CPU
        long total = 0;
        int from = 0;
        while (from <= set.length()) {
            int comma = set.indexOf(',', from);
            int to = comma < 0 ? set.length() : comma;
            int a = from;
            int b = to;
            while (a < b && Character.isWhitespace(set.charAt(a))) {
                a++;
            }
            while (b > a && Character.isWhitespace(set.charAt(b - 1))) {
                b--;
            }
            if (a < b) {
                long n = indexOf(set, ':', a, b) >= 0 ? mysqlCount(set, a, b) : mariaDbSeq(set, a, b);
                if (n < 0) {
                    return 0;
                }
                total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
            }
            from = to + 1;
        }
        return total;
    }

    /** {@code uuid[:tag]:a-b:c} in {@code s[from, to)}: the number of transaction numbers in the intervals, or -1. */
    private static long mysqlCount(String s, int from, int to) {
        long n = 0;
        int p = indexOf(s, ':', from, to) + 1; // after the uuid
        while (p <= to) {
            int colon = indexOf(s, ':', p, to);
            int end = colon < 0 ? to : colon;
            // an empty part, or a tag (MySQL 8.3+), counts nothing
            if (p < end && Character.isDigit(s.charAt(p))) {
                int dash = indexOf(s, '-', p, end);
                long lo = number(s, p, dash < 0 ? end : dash);
                long hi = dash < 0 ? lo : number(s, dash + 1, end);
                if (lo < 0 || hi < lo) {
                    return -1;
                }
                long len = hi - lo + 1;
                n = n > Long.MAX_VALUE - len ? Long.MAX_VALUE : n + len;
            }
            p = end + 1;
        }
        return n;
    }

    /** {@code domain-server-seq} in {@code s[from, to)} (trailing dashes ignored): the sequence number, or -1. */
    private static long mariaDbSeq(String s, int from, int to) {
        int end = to;
        while (end > from && s.charAt(end - 1) == '-') {
            end--;
        }
        int d1 = indexOf(s, '-', from, end);
        int d2 = d1 < 0 ? -1 : indexOf(s, '-', d1 + 1, end);
        if (d2 < 0 || indexOf(s, '-', d2 + 1, end) >= 0 || number(s, from, d1) < 0 || number(s, d1 + 1, d2) < 0) {
            return -1;
        }
        return number(s, d2 + 1, end);
    }

    private static int indexOf(String s, char c, int from, int to) {
        int i = s.indexOf(c, from);
        return i >= 0 && i < to ? i : -1;
    }

    /** The decimal number in {@code s[from, to)}, saturating at Long.MAX_VALUE past 18 digits; -1 when not digits. */
    private static long number(String s, int from, int to) {
        int len = to - from;
        if (len <= 0) {
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return len > 18 ? Long.MAX_VALUE : Long.parseLong(s, from, to, 10);
    }

    /**
     * Binlog files are {@code base.000123}: order by the numeric suffix, then by the whole name.
     * Names without a numeric suffix sort before numbered ones, so that the order stays total
     * (transitive) whatever the names.
     */
    private static int compareFiles(String a, String b) {
        int c = Long.compare(fileNumber(a), fileNumber(b));
        return c != 0 ? c : a.compareTo(b);
    }

    /** The digits after the last dot, or -1 when there are none (or too many for a long). */
    private static long fileNumber(String file) {
        int dot = file.lastIndexOf('.');
        int digits = file.length() - dot - 1;
        if (dot < 0 || digits == 0 || digits > 18) {
            return -1;
        }
        for (int i = dot + 1; i < file.length(); i++) {
            if (file.charAt(i) < '0' || file.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(file, dot + 1, file.length(), 10);
    }

    @Override
    public String toString() {
        return format();
    }
}
