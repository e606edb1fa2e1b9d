package dev.tidemark.engine;

import java.util.Objects;

/**
 * A position in a PostgreSQL logical replication stream: the commit LSN of a transaction and the
 * 1-based index of an event inside it, or {@link #TX_END} for the whole transaction. Transactions
 * arrive in commit order, so commit LSNs grow along the stream and order positions.
 *
 * <p>Text form: {@code 16/B374D848} for a transaction end, {@code 16/B374D848#12} for event 12.
 */
public record PgPosition(Lsn commitLsn, long index) implements Position {
    public static final String KIND = "postgresql";
    /** Index meaning "the whole transaction". */
    public static final long TX_END = Long.MAX_VALUE;

    public PgPosition {
        Objects.requireNonNull(commitLsn, "commitLsn");
        if (index < 1) {
            throw new IllegalArgumentException("event index is 1-based, got " + index);
        }
    }

    /** The end of the transaction that committed at {@code commitLsn} (or a bare stream position). */
    public static PgPosition endOf(Lsn commitLsn) {
        return new PgPosition(commitLsn, TX_END);
    }

    public static PgPosition parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            return endOf(Lsn.parse(text));
        }
        try {
            return new PgPosition(Lsn.parse(text.substring(0, hash)), Long.parseLong(text.substring(hash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PostgreSQL position (LSN or LSN#index): '" + text + "'");
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
        return index == TX_END ? commitLsn.toString() : commitLsn + "#" + index;
    }

    @Override
    public int compareTo(Position other) {
        PgPosition o = (PgPosition) other;
        int c = commitLsn.compareTo(o.commitLsn);
        return c != 0 ? c : Long.compare(index, o.index);
    }

    @Override
    public String toString() {
        return format();
    }
}
