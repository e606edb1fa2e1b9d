package dev.tidemark.daemon.e2e;

import dev.tidemark.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Commits transactions of mixed sizes into {@code orders} and {@code lines} (PostgreSQL or MariaDB)
 * ({@code id bigint PRIMARY KEY, tx bigint, note text}) from one connection, so the order in which it
 * commits is the commit order, and remembers exactly what each committed transaction changed: the
 * oracle for what the daemon must write. Inserts, updates and deletes; one transaction in
 * {@value #LARGE_ONE_IN} has {@value #LARGE_MIN} to {@value #LARGE_MAX} changes.
 */
final class ShopWriter implements Runnable {
    static final int LARGE_ONE_IN = 12;
    static final int LARGE_MIN = 120;
    static final int LARGE_MAX = 320;
    static final List<String> TABLES = List.of("orders", "lines");

    /** One row change: {@code op} is the envelope's code (c, u, d). */
    record Change(String op, String table, long id) {
    }

    /** A committed transaction: the writer's sequence number, stored in {@code tx} of the rows it inserted. */
    record Committed(long seq, List<Change> changes) {
    }

    /** The tables, in the quoting of the database's vendor (PostgreSQL or MariaDB). */
    static String[] createTables(DatabaseExtension<?> db) {
        return TABLES.stream().map(t -> "CREATE TABLE " + E2e.quote(db, t) + " (" + E2e.quote(db, "id")
                + " bigint PRIMARY KEY, " + E2e.quote(db, "tx") + " bigint NOT NULL, " + E2e.quote(db, "note") + " text)")
                .toArray(String[]::new);
    }

    private final DatabaseExtension<?> db;
    private final Random random;
    private final long pauseMillisMax;
    private final List<Committed> committed = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private volatile Throwable failure;

    ShopWriter(DatabaseExtension<?> db, long seed, long pauseMillisMax) {
        this.db = db;
        this.random = new Random(seed);
        this.pauseMillisMax = pauseMillisMax;
    }

    void stop() {
        running = false;
    }

    /** What was committed so far, in commit order. */
    List<Committed> committed() {
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    long committedChanges() {
        return committed().stream().mapToLong(c -> c.changes().size()).sum();
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        // live ids per table, to update and delete rows that exist
        List<List<Long>> live = List.of(new ArrayList<>(), new ArrayList<>());
        long nextId = 1;
        long seq = 0;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            PreparedStatement[] insert = new PreparedStatement[2];
            PreparedStatement[] update = new PreparedStatement[2];
            PreparedStatement[] delete = new PreparedStatement[2];
            for (int t = 0; t < 2; t++) {
                String table = E2e.quote(db, TABLES.get(t));
                String id = E2e.quote(db, "id");
                String note = E2e.quote(db, "note");
                insert[t] = c.prepareStatement("INSERT INTO " + table + " (" + id + ", " + E2e.quote(db, "tx") + ", "
                        + note + ") VALUES (?, ?, ?)");
                update[t] = c.prepareStatement("UPDATE " + table + " SET " + note + " = ? WHERE " + id + " = ?");
                delete[t] = c.prepareStatement("DELETE FROM " + table + " WHERE " + id + " = ?");
            }
            while (running) {
                seq++;
                boolean large = random.nextInt(LARGE_ONE_IN) == 0;
                int size = large ? LARGE_MIN + random.nextInt(LARGE_MAX - LARGE_MIN + 1) : 1 + random.nextInt(12);
                // wide rows make a large transaction exceed a small logical_decoding_work_mem, so that
                // the server streams it while in progress
                String pad = large ? " " + "x".repeat(300) : "";
                List<Change> changes = new ArrayList<>(size);
                List<List<Long>> after = List.of(new ArrayList<>(live.get(0)), new ArrayList<>(live.get(1)));
                for (int i = 0; i < size; i++) {
                    int t = random.nextInt(2);
                    List<Long> ids = after.get(t);
                    int kind = ids.size() < 20 ? 0 : random.nextInt(10);
                    if (kind < 7) {
                        long id = nextId++;
                        insert[t].setLong(1, id);
                        insert[t].setLong(2, seq);
                        insert[t].setString(3, "tx " + seq + " row " + i + pad);
                        insert[t].executeUpdate();
                        ids.add(id);
                        changes.add(new Change("c", TABLES.get(t), id));
                    } else if (kind < 9) {
                        long id = ids.get(random.nextInt(ids.size()));
                        // a value of its own: MySQL/MariaDB log no row event for an update that changes nothing,
                        // as a second update of the same row in one transaction would otherwise be
                        update[t].setString(1, "updated by tx " + seq + " change " + i + pad);
                        update[t].setLong(2, id);
                        update[t].executeUpdate();
                        changes.add(new Change("u", TABLES.get(t), id));
                    } else {
                        long id = ids.remove(random.nextInt(ids.size()));
                        delete[t].setLong(1, id);
                        delete[t].executeUpdate();
                        changes.add(new Change("d", TABLES.get(t), id));
                    }
                }
                c.commit();
                live.get(0).clear();
                live.get(0).addAll(after.get(0));
                live.get(1).clear();
                live.get(1).addAll(after.get(1));
                committed.add(new Committed(seq, List.copyOf(changes)));
                if (pauseMillisMax > 0) {
                    Thread.sleep(1 + random.nextInt((int) pauseMillisMax));
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
