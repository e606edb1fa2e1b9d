package dev.tidemark.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a handler receives at once: whole transactions in commit order, except that a transaction
 * larger than the batch bound comes in parts (see {@link Transaction#isWhole()}), one part per batch.
 */
public record ChangeBatch(List<Transaction> transactions) {
    public ChangeBatch {
        transactions = List.copyOf(transactions);
        if (transactions.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one transaction");
        }
    }

    /** All events of the batch, in order. */
    public List<ChangeEvent> events() {
        if (transactions.size() == 1) {
            return transactions.get(0).events();
        }
        List<ChangeEvent> all = new ArrayList<>(size());
        for (Transaction t : transactions) {
            all.addAll(t.events());
        }
        return Collections.unmodifiableList(all);
    }

    /** Number of events. */
    public int size() {
        int n = 0;
        for (Transaction t : transactions) {
            n += t.size();
        }
        return n;
    }

    /** Where the pipeline stands once this batch is handled. */
    public Position endPosition() {
        return transactions.get(transactions.size() - 1).endPosition();
    }
}
