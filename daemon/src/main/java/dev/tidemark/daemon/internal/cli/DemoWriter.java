package dev.tidemark.daemon.internal.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's shop traffic on a thread of its own: places orders, pays and ships some, deletes shipped
 * ones, one transaction per step at about {@code rate} transactions a second, until stopped.
 */
final class DemoWriter {
    /** How many customers the shop starts with; orders pick one at random. */
    static final int CUSTOMERS = 50;

    private final DemoServer server;
    private final int rate;
    private final PrintWriter err;
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    DemoWriter(DemoServer server, int rate, PrintWriter err) {
        this.server = server;
        this.rate = rate;
        this.err = err;
    }

    void start() {
        thread = new Thread(this::write, "tidemark-demo-writer");
        thread.start();
    }

    /** Asks the writer to stop after its current transaction; safe from any thread, and before start. */
    void stop() {
        running = false;
    }

    /** Stops the writer and waits until its last transaction is committed and counted. */
    void stopAndJoin() throws InterruptedException {
        stop();
        if (thread != null) {
            thread.join();
        }
    }

    /** Rows inserted, updated or deleted so far, each one change event for the pipeline. */
    long rows() {
        return rows.get();
    }

    private void write() {
        try (Connection c = server.connect();
             PreparedStatement insert = c.prepareStatement("INSERT INTO orders (customer_id, amount, items)"
                     + " VALUES (?, ?, ?::jsonb)");
             PreparedStatement advance = c.prepareStatement("UPDATE orders SET status = CASE status WHEN 'new' THEN"
                     + " 'paid'::order_status ELSE 'shipped'::order_status END, updated_at = now()"
                     + " WHERE id = (SELECT id FROM orders WHERE status IN ('new', 'paid') ORDER BY random() LIMIT 1)");
             PreparedStatement remove = c.prepareStatement("DELETE FROM orders WHERE id = (SELECT min(id) FROM orders"
                     + " WHERE status = 'shipped')")) {
            c.setAutoCommit(false);
            long pauseNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (running) {
                int step = r.nextInt(10);
                int n;
                if (step < 6) {
                    insert.setInt(1, 1 + r.nextInt(CUSTOMERS));
                    insert.setBigDecimal(2, BigDecimal.valueOf(r.nextInt(1, 100_000), 2));
                    insert.setString(3, "[{\"sku\":\"SKU-" + r.nextInt(1000) + "\",\"qty\":" + (1 + r.nextInt(5)) + "}]");
                    n = insert.executeUpdate();
                } else if (step < 9) {
                    n = advance.executeUpdate();
                } else {
                    n = remove.executeUpdate();
                }
                c.commit();
                rows.addAndGet(n);
                // paced against a schedule, not a fixed pause: a slow commit does not lower the rate
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (SQLException e) {
            if (running) {
                err.println("tidemark: the demo writer failed: " + e.getMessage());
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
