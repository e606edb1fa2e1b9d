package dev.tidemark.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Commits single-row inserts at a steady rate on one auto-commit connection: row {@code i} is due
 * at {@code start + i / rate}, and the loop sleeps until then. A commit that runs late makes the
 * next ones go at once until the schedule is met again, so the count over the whole run is exact
 * and the rate holds on average; how late the writer ran is reported beside the latencies.
 */
final class PacedWriter {
    /** What the writer achieved. */
    record Stats(long rows, double seconds, double maxLagMillis, long lateRows) {
        double commitsPerSecond() {
            return rows / seconds;
        }
    }

    private static final String INSERT = "INSERT INTO \"public\".\"" + Workload.TABLE
            + "\" (\"customer_id\", \"amount\", \"status\", \"note\") VALUES (?, ?, ?, ?)";

    private final Connection connection;
    private final String insert;
    private final SplittableRandom random = new SplittableRandom(42);

    PacedWriter(Connection connection) throws SQLException {
        this(connection, INSERT);
    }

    /** A writer whose insert binds customer_id, amount, status and note, in that order. */
    PacedWriter(Connection connection, String insert) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the paced writer needs an auto-commit connection: one insert, one commit");
        }
        this.connection = connection;
        this.insert = insert;
    }

    /** One row with the given status, committed now. */
    void insertOne(String status) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            bind(ps, status);
            ps.executeUpdate();
        }
    }

    Stats run(int rate, int seconds) throws SQLException {
        long rows = (long) rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        long maxLag = 0;
        long late = 0;
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            long start = System.nanoTime();
            for (long i = 0; i < rows; i++) {
                long due = start + i * periodNanos;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                long lag = now - due;
                maxLag = Math.max(maxLag, lag);
                if (lag > periodNanos) {
                    late++;
                }
                bind(ps, "new");
                ps.executeUpdate();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Stats(rows, elapsed, maxLag / 1e6, late);
        }
    }

    private void bind(PreparedStatement ps, String status) throws SQLException {
        ps.setInt(1, random.nextInt(10_001));
        ps.setBigDecimal(2, BigDecimal.valueOf(random.nextInt(100_001), 2));
        ps.setString(3, status);
        ps.setString(4, HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong()));
    }
}
