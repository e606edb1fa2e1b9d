package dev.tidemark.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The standard CDC workload as MySQL DDL, the same as the shared anchor harness
 * ({@code shared/anchors/cdc-mysql/run.sh}) runs so that figures compare: table
 * {@code bench_orders} ({@code bigint auto_increment}, {@code decimal(12,2)}, {@code varchar(32)},
 * {@code timestamp(6)}, {@code text}), then
 * <ul>
 *   <li>W1: N inserts, one auto-committed {@code INSERT ... SELECT} of 1,000 rows per transaction,
 *       with explicit ids 1..N (an {@code INSERT ... SELECT} with auto_increment ids leaves gaps
 *       under the default {@code innodb_autoinc_lock_mode=1}, and W2's id ranges must be full);</li>
 *   <li>W2: N/2 updates (status and amount), then N/4 deletes, 1,000 rows per transaction.</li>
 * </ul>
 * Rows come from MariaDB's {@code seq_1_to_1000} sequence table, server-side, as the anchor's do.
 */
final class MysqlWorkload {
    static final String TABLE = "bench_orders";
    private static final String T = "`" + TABLE + "`";

    /** Where the binlog ends now: a reader started here reads exactly what is committed afterwards. */
    record Mark(String file, long position, String gtids) {
    }

    private MysqlWorkload() {
    }

    static void setUp(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + T + " ("
                    + "`id` bigint AUTO_INCREMENT PRIMARY KEY, "
                    + "`customer_id` int NOT NULL, "
                    + "`amount` decimal(12,2) NOT NULL, "
                    + "`status` varchar(32) NOT NULL, "
                    + "`created_at` timestamp(6) NOT NULL DEFAULT current_timestamp(6), "
                    + "`note` text) ENGINE=InnoDB");
        }
    }

    static Mark mark(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String file;
            long position;
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    throw new IllegalStateException("SHOW MASTER STATUS is empty: the benchmark server has no binlog");
                }
                file = rs.getString(1);
                position = rs.getLong(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT @@global.gtid_binlog_pos")) {
                rs.next();
                return new Mark(file, position, rs.getString(1));
            }
        }
    }

    /** W1: N inserts in transactions of 1,000. */
    static void inserts(Connection c, long n) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (long i = 0; i < n / Workload.TX_ROWS; i++) {
                s.execute("INSERT INTO " + T + " (`id`, `customer_id`, `amount`, `status`, `note`) SELECT "
                        + i * Workload.TX_ROWS + " + seq, floor(rand() * 10000), round(rand() * 1000, 2), 'new', md5(seq)"
                        + " FROM seq_1_to_" + Workload.TX_ROWS);
            }
        }
    }

    /** W2: N/2 updates, then N/4 deletes, in transactions of 1,000, over ids 1..N. */
    static void updatesThenDeletes(Connection c, long n) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (long i = 0; i < n / 2 / Workload.TX_ROWS; i++) {
                s.execute("UPDATE " + T + " SET `status` = 'paid', `amount` = `amount` + 1 WHERE " + range(i));
            }
            for (long i = 0; i < n / 4 / Workload.TX_ROWS; i++) {
                s.execute("DELETE FROM " + T + " WHERE " + range(i));
            }
        }
    }

    private static String range(long i) {
        return "`id` > " + i * Workload.TX_ROWS + " AND `id` <= " + (i + 1) * Workload.TX_ROWS;
    }

    static long rowCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + T)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Lets InnoDB's purge of the old row versions a workload leaves (W2 above all) finish before any
     * reader is timed, so that it does not fall on whichever reader runs first. Returns a note when
     * it did not finish within the timeout.
     */
    static String settle(Connection c, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long history = -1;
        try (Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT `count` FROM information_schema.INNODB_METRICS"
                        + " WHERE `name` = 'trx_rseg_history_len'")) {
                    history = rs.next() ? rs.getLong(1) : 0;
                }
                if (history < 100) {
                    return null;
                }
                Thread.sleep(250);
            }
        }
        return "InnoDB purge still had " + history + " undo logs to go after " + timeout.toSeconds() + " s";
    }
}
