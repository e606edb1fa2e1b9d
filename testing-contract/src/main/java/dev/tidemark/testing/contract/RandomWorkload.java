package dev.tidemark.testing.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random single-row inserts, updates and deletes on one table, each its own transaction, so every
 * statement is exactly one change event. Counts the statements: the number of events to expect.
 */
final class RandomWorkload {
    private final ContractHarness h;
    private final String table;
    private final Random random;
    private final List<Integer> live = new ArrayList<>();
    private int nextId = 1;
    private int statements;

    RandomWorkload(ContractHarness h, String table, long seed) {
        this.h = h;
        this.table = table;
        this.random = new Random(seed);
    }

    /** Commits {@code n} more statements, each its own transaction, over one connection. */
    void run(int n) {
        String[] sql = new String[n];
        for (int i = 0; i < n; i++) {
            int choice = live.isEmpty() ? 0 : random.nextInt(3);
            if (choice == 0) {
                int id = nextId++;
                sql[i] = h.insert(table, id, "r" + random.nextInt(1000), random.nextInt(1_000_000));
                live.add(id);
            } else if (choice == 1) {
                // a new amount every time: MySQL logs no row for an update that changes nothing
                sql[i] = h.update(table, live.get(random.nextInt(live.size())), "u" + random.nextInt(1000),
                        1_000_000 + statements);
            } else {
                sql[i] = h.delete(table, live.remove(random.nextInt(live.size())));
            }
            statements++;
        }
        h.execute(sql);
    }

    int statements() {
        return statements;
    }
}
