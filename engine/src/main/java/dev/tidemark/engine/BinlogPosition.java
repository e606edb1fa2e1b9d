package dev.tidemark.engine;

import java.util.Objects;

/**
 * A position in a MySQL/MariaDB binary log. {@code gtidSet} is the set executed up to and including
 * the current transaction (MySQL {@code uuid:1-n} sets, MariaDB {@code domain-server-seq} lists), or
 * empty when GTIDs are off; {@code file}/{@code offset} locate the transaction's start in the
 * server's own binlog, the fallback when there are no GTIDs; {@code index} is the 1-based event
 * index inside the transaction, or {@link #TX_END}.
 *
 * <p>Ordering uses the binlog coordinates of one server. Resuming on another server of the same
 * topology goes through the GTID set, never through file and offset.
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
        int c = compareFiles(file, o.file);
        if (c == 0) {
            c = Long.compare(offset, o.offset);
        }
        return c != 0 ? c : Long.compare(index, o.index);
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
