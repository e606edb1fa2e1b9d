package dev.tidemark.testing.contract;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.ChangeHandler;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.Row;
import dev.tidemark.engine.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The handler of the contract's pipelines: keeps what it was given, in order, and tells the marker
 * table's events apart from the data. A batch the {@code crashOn} predicate picks makes it throw
 * before keeping anything, as a process that dies mid-batch would. Thread-safe: the pipeline's
 * handler thread adds while the test thread reads copies.
 */
final class ContractCapture implements ChangeHandler {
    private final String markerTable;
    private final Predicate<ChangeBatch> crashOn;
    private final List<ChangeBatch> batches = new ArrayList<>();

    ContractCapture(String markerTable, Predicate<ChangeBatch> crashOn) {
        this.markerTable = markerTable;
        this.crashOn = crashOn;
    }

    @Override
    public synchronized void handle(ChangeBatch batch) {
        if (crashOn.test(batch)) {
            throw new IllegalStateException("simulated crash of the consumer on a batch of " + batch.size() + " events");
        }
        batches.add(batch);
    }

    private boolean isMarker(ChangeEvent e) {
        return e.table() != null && e.table().table().equals(markerTable);
    }

    /** Transactions (or parts) holding data events, without the marker's, in order. */
    synchronized List<Transaction> transactions() {
        List<Transaction> out = new ArrayList<>();
        for (ChangeBatch b : batches) {
            for (Transaction t : b.transactions()) {
                if (!t.events().stream().allMatch(this::isMarker)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The batches that hold data events, in order. */
    synchronized List<ChangeBatch> dataBatches() {
        return batches.stream().filter(b -> !b.events().stream().allMatch(this::isMarker)).toList();
    }

    /** Every data event (not the marker table's), in order. */
    synchronized List<ChangeEvent> events() {
        List<ChangeEvent> out = new ArrayList<>();
        for (ChangeBatch b : batches) {
            for (ChangeEvent e : b.events()) {
                if (!isMarker(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The {@code id} of each data event's row (after, or before for deletes), in order. */
    List<Integer> ids() {
        return events().stream().map(ContractCapture::id).toList();
    }

    static int id(ChangeEvent e) {
        Row row = e.after() != null ? e.after() : e.before();
        return ((Number) row.get("id")).intValue();
    }

    /** Whether a marker row was delivered, any ({@code id < 0}) or the one with that id. */
    synchronized boolean sawMarker(int id) {
        for (ChangeBatch b : batches) {
            for (ChangeEvent e : b.events()) {
                if (isMarker(e) && (id < 0 || id(e) == id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The position the pipeline stands at once the marker with that id is handled. */
    synchronized Position markerEnd(int id) {
        for (ChangeBatch b : batches) {
            for (Transaction t : b.transactions()) {
                if (t.events().stream().anyMatch(e -> isMarker(e) && id(e) == id)) {
                    return t.endPosition();
                }
            }
        }
        throw new AssertionError("marker " + id + " was not delivered");
    }
}
