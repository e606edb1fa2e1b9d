package dev.tidemark.engine.internal;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bounded hand-over between a source thread and the handler thread. Capacity is counted in
 * events (permits); the source blocks while the handler holds that many, which is the pipeline's
 * backpressure. On the way out it drops what the last checkpoint already covers and splits a
 * transaction part that alone exceeds the batch bound, renumbering the parts after it so part
 * numbers stay consecutive.
 *
 * <p>{@link #offer} and {@link #offerHeartbeat} are for the source thread; {@link #next},
 * {@link #pushBack} and {@link #release} for the handler thread only. Permits taken with a piece
 * must be given back with {@link #release} once it is handled, or the source eventually stalls.
 */
final class EventQueue {
    /** Longest wait inside {@link #offer} before looking at the running flag again. */
    private static final long OFFER_SLICE_MILLIS = 100;

    /** A queue entry: a transaction (part) or a heartbeat position, and the permits it holds. */
    private record Item(Transaction tx, Position heartbeat, int permits) {
    }

    /**
     * What batches are made of: a transaction part no larger than the batch bound, or a heartbeat.
     * {@code permits} are released once it is handled (an item split into several pieces releases
     * its permits with the last one).
     */
    record Piece(Transaction tx, Position heartbeat, int permits) {
    }

    private final int maxBatchEvents;
    private final int capacity;
    private final BooleanSupplier running;
    private final Supplier<Position> checkpoint;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    // handler thread only: pieces taken from the queue but not yet batched, and how many parts
    // splitting added to the transaction in progress (its later parts are renumbered by that much)
    private final ArrayDeque<Piece> ready = new ArrayDeque<>();
    private int partShift;

    EventQueue(int maxBatchEvents, int capacity, BooleanSupplier running, Supplier<Position> checkpoint) {
        this.maxBatchEvents = maxBatchEvents;
        this.capacity = capacity;
        this.running = running;
        this.checkpoint = checkpoint;
        this.permits = new Semaphore(capacity);
    }

    /** Waits up to the timeout for room; false on timeout or when the pipeline stops meanwhile. */
    boolean offer(Transaction tx, long timeout, TimeUnit unit) throws InterruptedException {
        int n = Math.max(1, Math.min(tx.size(), capacity));
        // wait in slices, so that a source blocked on a full queue notices a stop promptly
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (running.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            long slice = Math.min(Math.max(left, 0), TimeUnit.MILLISECONDS.toNanos(OFFER_SLICE_MILLIS));
            if (permits.tryAcquire(n, slice, TimeUnit.NANOSECONDS)) {
                queue.add(new Item(tx, null, n));
                return true;
            }
            if (left <= 0) {
                return false;
            }
        }
        return false;
    }

    /** Never blocks: false when the queue is full. */
    boolean offerHeartbeat(Position position) {
        if (!permits.tryAcquire(1)) {
            return false;
        }
        queue.add(new Item(null, position, 1));
        return true;
    }

    /** The next piece, from those ready or else from the queue, waiting up to {@code waitMillis} for one. */
    Piece next(long waitMillis) throws InterruptedException {
        Piece p = ready.pollFirst();
        while (p == null) {
            Item item = waitMillis > 0 ? queue.poll(waitMillis, TimeUnit.MILLISECONDS) : queue.poll();
            if (item == null) {
                return null;
            }
            expand(item);
            p = ready.pollFirst();
            waitMillis = 0;
        }
        return p;
    }

    /** Puts back a piece taken by {@link #next} that did not fit in the batch. */
    void pushBack(Piece piece) {
        ready.addFirst(piece);
    }

    void release(int n) {
        permits.release(n);
    }

    /**
     * Turns a queue item into pieces: drops what the checkpoint covers, then splits what still
     * exceeds the batch bound into parts of at most {@code maxBatchEvents}.
     */
    private void expand(Item item) {
        if (item.heartbeat() != null) {
            ready.addLast(new Piece(null, item.heartbeat(), item.permits()));
            return;
        }
        Transaction original = item.tx();
        if (original.part() == 0) {
            partShift = 0;
        }
        Transaction tx = skipHandled(original);
        if (tx == null) {
            permits.release(item.permits());
            if (original.lastPart()) {
                partShift = 0;
            }
            return;
        }
        if (tx.size() < original.size() && original.part() + partShift == 0) {
            // the head of the transaction was handled before a restart: what remains is not part 0,
            // or a consumer would take it for the whole transaction
            partShift = 1;
        }
        int firstPart = original.part() + partShift;
        int size = tx.size();
        if (size <= maxBatchEvents) {
            Transaction piece = firstPart == tx.part() ? tx
                    : new Transaction(tx.id(), tx.commitTime(), tx.events(), tx.endPosition(), firstPart, tx.lastPart());
            ready.addLast(new Piece(piece, null, item.permits()));
        } else {
            List<ChangeEvent> events = tx.events();
            int pieces = (size + maxBatchEvents - 1) / maxBatchEvents;
            for (int i = 0; i < pieces; i++) {
                List<ChangeEvent> slice = events.subList(i * maxBatchEvents, Math.min(size, (i + 1) * maxBatchEvents));
                boolean last = i == pieces - 1;
                Position end = last ? tx.endPosition() : slice.get(slice.size() - 1).position();
                boolean lastPart = last && tx.lastPart();
                ready.addLast(new Piece(new Transaction(tx.id(), tx.commitTime(), slice, end, firstPart + i, lastPart),
                        null, last ? item.permits() : 0));
            }
            partShift += pieces - 1;
        }
        if (original.lastPart()) {
            partShift = 0;
        }
    }

    /** Drops what the stored checkpoint already covers (the source may resend around it). */
    private Transaction skipHandled(Transaction tx) {
        Position done = checkpoint.get();
        if (done == null || tx.endPosition().compareTo(done) > 0) {
            if (done == null || tx.events().isEmpty() || tx.events().get(0).position().compareTo(done) > 0) {
                return tx;
            }
            List<ChangeEvent> rest = new ArrayList<>(tx.events().size());
            for (ChangeEvent e : tx.events()) {
                if (e.position().compareTo(done) > 0) {
                    rest.add(e);
                }
            }
            return new Transaction(tx.id(), tx.commitTime(), rest, tx.endPosition(), tx.part(), tx.lastPart());
        }
        return null;
    }
}
