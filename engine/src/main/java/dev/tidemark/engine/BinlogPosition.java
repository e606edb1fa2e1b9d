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
        long total = 0;
        for (String element : set.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue;
            }
            long n = e.indexOf(':') >= 0 ? mysqlCount(e) : mariaDbSeq(e);
            if (n < 0) {
                return 0;
            }
            total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }

    /** {@code uuid[:tag]:a-b:c}: the number of transaction numbers in the intervals, or -1. */
    private static long mysqlCount(String e) {
        String[] parts = e.split(":");
        long n = 0;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || !Character.isDigit(p.charAt(0))) {
                continue; // a tag (MySQL 8.3+)
            }
            int dash = p.indexOf('-');
            long lo = number(dash < 0 ? p : p.substring(0, dash));
            long hi = dash < 0 ? lo : number(p.substring(dash + 1));
            if (lo < 0 || hi < lo) {
                return -1;
            }
            long len = hi - lo + 1;
            n = n > Long.MAX_VALUE - len ? Long.MAX_VALUE : n + len;
        }
        return n;
    }

    /** {@code domain-server-seq}: the sequence number, or -1. */
    private static long mariaDbSeq(String e) {
        String[] parts = e.split("-");
        if (parts.length != 3 || number(parts[0]) < 0 || number(parts[1]) < 0) {
            return -1;
        }
        return number(parts[2]);
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return s.length() > 18 && s.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
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
