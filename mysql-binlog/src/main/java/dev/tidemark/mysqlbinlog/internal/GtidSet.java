package dev.tidemark.mysqlbinlog.internal;

/**
 * An immutable set of executed GTIDs in either server's notation: MySQL's {@code uuid:1-5:7}
 * interval sets ({@link MySqlGtidSet}) or MariaDB's per-domain positions {@code 0-1-100,1-2-7}
 * ({@link MariaDbGtidSet}). {@link #toString()} is the canonical text the server accepts back
 * ({@code gtid_executed} syntax, or {@code gtid_slave_pos} syntax).
 */
public sealed interface GtidSet permits MySqlGtidSet, MariaDbGtidSet {

    /** Parses the server's text; blank text is the empty set of that flavour. */
    static GtidSet parse(String text, Flavor flavor) {
        return flavor == Flavor.MARIADB ? MariaDbGtidSet.parse(text) : MySqlGtidSet.parse(text);
    }

    static GtidSet empty(Flavor flavor) {
        return flavor == Flavor.MARIADB ? MariaDbGtidSet.EMPTY : MySqlGtidSet.EMPTY;
    }

    Flavor flavor();

    boolean isEmpty();

    /** This set with one more GTID ({@code uuid:n}, or {@code domain-server-seq}). */
    GtidSet with(String gtid);

    /** Whether every transaction of {@code other} is in this set. */
    boolean contains(GtidSet other);

    /** Everything in this set or {@code other}. */
    GtidSet union(GtidSet other);

    /**
     * Whether {@code gtid} is the last transaction this set records for its server or domain: the
     * set is exactly the state right after that transaction, as far as its source goes.
     */
    boolean endsWith(String gtid);
}
