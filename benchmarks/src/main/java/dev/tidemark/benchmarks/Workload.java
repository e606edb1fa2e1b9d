package dev.tidemark.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The standard PostgreSQL CDC workload, the same as the shared anchor harness runs so that figures
 * compare: table {@code bench_orders}, publication {@code bench_pub}, one pgoutput slot per reader
 * created before any change, then
 * <ul>
 *   <li>W1: N inserts, 1,000 per transaction (server-side random values and an md5 note);</li>
 *   <li>W2: N/2 updates (status and amount), then N/4 deletes, 1,000 rows per transaction.</li>
 * </ul>
 * Both run as one {@code DO} block that commits after each 1,000 rows, so the client adds nothing
 * but the statement. Ids start at 1 in a fresh database, which W2's ranges rely on.
 */
final class Workload {
    static final String TABLE = "bench_orders";
    static final String PUBLICATION = "bench_pub";
    static final int TX_ROWS = 1000;

    private Workload() {
    }

    /** N must split into whole transactions for W1 (N/1000), the updates (N/2000) and the deletes (N/4000). */
    static void checkRowCount(long n) {
        if (n <= 0 || n % 4000 != 0) {
            throw new IllegalArgumentException("N=" + n + " must be a positive multiple of 4,000 (W2 deletes N/4 rows"
                    + " in transactions of 1,000); try 200000 or 1000000");
        }
    }

    /** Table, publication and the slots, in that order: the slots must exist before the first change. */
    static void setUp(Connection c, List<String> slots) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"public\".\"" + TABLE + "\" ("
                    + "\"id\" bigserial PRIMARY KEY, "
                    + "\"customer_id\" int NOT NULL, "
                    + "\"amount\" numeric(12,2) NOT NULL, "
                    + "\"status\" text NOT NULL, "
                    + "\"created_at\" timestamptz NOT NULL DEFAULT now(), "
                    + "\"note\" text)");
            s.execute("CREATE PUBLICATION \"" + PUBLICATION + "\" FOR TABLE \"public\".\"" + TABLE + "\"");
        }
        for (String slot : slots) {
            try (var ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                ps.setString(1, slot);
                ps.execute();
            }
        }
    }

    /** W1: N inserts in transactions of 1,000. */
    static void inserts(Connection c, long n) throws SQLException {
        execute(c, "DO $$ BEGIN FOR i IN 1.." + n / TX_ROWS + " LOOP "
                + "INSERT INTO \"public\".\"" + TABLE + "\" (\"customer_id\", \"amount\", \"status\", \"note\") "
                + "SELECT (random()*10000)::int, (random()*1000)::numeric(12,2), 'new', md5(g::text) "
                + "FROM generate_series(1, " + TX_ROWS + ") g; "
                + "COMMIT; END LOOP; END $$");
    }

    /** W2: N/2 updates, then N/4 deletes, in transactions of 1,000, over ids 1..N. */
    static void updatesThenDeletes(Connection c, long n) throws SQLException {
        String table = "\"public\".\"" + TABLE + "\"";
        execute(c, "DO $$ BEGIN "
                + "FOR i IN 0.." + (n / 2 / TX_ROWS - 1) + " LOOP "
                + "UPDATE " + table + " SET \"status\" = 'paid', \"amount\" = \"amount\" + 1 "
                + "WHERE \"id\" > i*" + TX_ROWS + " AND \"id\" <= (i+1)*" + TX_ROWS + "; COMMIT; END LOOP; "
                + "FOR i IN 0.." + (n / 4 / TX_ROWS - 1) + " LOOP "
                + "DELETE FROM " + table + " WHERE \"id\" > i*" + TX_ROWS + " AND \"id\" <= (i+1)*" + TX_ROWS + "; "
                + "COMMIT; END LOOP; END $$");
    }

    /**
     * Lets the server settle after a workload, before any reader is timed: the autovacuum and
     * checkpoint a large workload sets off would otherwise fall on whichever reader runs first, on a
     * machine with few cores. Neither writes anything logical decoding passes on. Returns a note
     * when the server refused (CHECKPOINT needs superuser or pg_checkpoint), else null.
     */
    static String settle(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) \"public\".\"" + TABLE + "\"");
            try {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                return "CHECKPOINT refused (" + e.getMessage().strip() + "); readers may meet a checkpoint in progress";
            }
        }
        return null;
    }

    /** Events W2 produces: one per updated and per deleted row. */
    static long w2Events(long n) {
        return n / 2 + n / 4;
    }

    /** The server's current WAL insert position, as a number: every later commit is past it. */
    static long currentLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getBigDecimal(1).longValueExact();
        }
    }

    static long rowCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM \"public\".\"" + TABLE + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        // a DO block that commits must run outside any transaction block: auto-commit, one statement
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("the workload connection must be in auto-commit mode");
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
