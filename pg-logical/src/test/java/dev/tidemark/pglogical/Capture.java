package dev.tidemark.pglogical;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.ChangeHandler;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler that keeps every batch it is given, for assertions. Thread-safe: the pipeline's
 * handler thread adds while the test thread reads copies.
 */
final class Capture implements ChangeHandler {
    private final List<ChangeBatch> batches = new ArrayList<>();

    @Override
    public synchronized void handle(ChangeBatch batch) {
        batches.add(batch);
    }

    synchronized List<ChangeBatch> batches() {
        return List.copyOf(batches);
    }

    /** Every transaction (or part) received, in order. */
    synchronized List<Transaction> transactions() {
        List<Transaction> out = new ArrayList<>();
        for (ChangeBatch b : batches) {
            out.addAll(b.transactions());
        }
        return out;
    }

    /** Every event received, in order. */
    synchronized List<ChangeEvent> events() {
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeBatch b : batches) {
            out.addAll(b.events());
        }
        return out;
    }

    /** Row events (no messages), in order. */
    List<ChangeEvent> rowEvents() {
        return events().stream().filter(e -> e.op() != Operation.MESSAGE).toList();
    }

    /** Events of one table ({@code table} without schema), in order. */
    List<ChangeEvent> eventsOf(String table) {
        return events().stream().filter(e -> e.table() != null && e.table().table().equals(table)).toList();
    }

    synchronized int eventCount() {
        int n = 0;
        for (ChangeBatch b : batches) {
            n += b.size();
        }
        return n;
    }

    synchronized void clear() {
        batches.clear();
    }
}
