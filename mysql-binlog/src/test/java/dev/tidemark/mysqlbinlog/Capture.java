package dev.tidemark.mysqlbinlog;

import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.ChangeHandler;
import dev.tidemark.engine.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A handler that keeps what it receives, for assertions. Thread-safe. */
class Capture implements ChangeHandler {
    static final String MARKER_TABLE = "tidemark_marker";
    private final List<Transaction> transactions = new ArrayList<>();
    private final List<ChangeBatch> batches = new ArrayList<>();

    @Override
    public synchronized void handle(ChangeBatch batch) {
        batches.add(batch);
        transactions.addAll(batch.transactions());
    }

    /** Every event except those of the marker table, in order. */
    synchronized List<ChangeEvent> events() {
        List<ChangeEvent> all = new ArrayList<>();
        for (Transaction t : transactions) {
            for (ChangeEvent e : t.events()) {
                if (e.table() == null || !e.table().table().equals(MARKER_TABLE)) {
                    all.add(e);
                }
            }
        }
        return all;
    }

    synchronized List<Transaction> transactions() {
        return List.copyOf(transactions);
    }

    synchronized List<ChangeBatch> batches() {
        return List.copyOf(batches);
    }

    synchronized boolean sawMarker() {
        for (Transaction t : transactions) {
            for (ChangeEvent e : t.events()) {
                if (e.table() != null && e.table().table().equals(MARKER_TABLE)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the marker row with this note was delivered. */
    synchronized boolean sawMarker(String note) {
        for (Transaction t : transactions) {
            for (ChangeEvent e : t.events()) {
                if (e.table() != null && e.table().table().equals(MARKER_TABLE) && note.equals(e.after().get("note"))) {
                    return true;
                }
            }
        }
        return false;
    }

    List<ChangeEvent> awaitEvents(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= n);
        return events();
    }
}
