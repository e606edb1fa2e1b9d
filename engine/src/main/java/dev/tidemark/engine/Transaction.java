package dev.tidemark.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A committed transaction's events, in order, or one part of them.
 *
 * <p>A transaction larger than the pipeline's batch bound arrives in several parts, numbered from
 * 0; only the last has {@code lastPart} set. A consumer that must see a transaction whole checks
 * {@link #isWhole()}. Parts of one transaction are never interleaved with another's.
 *
 * @param id          the transaction id, or null for a message sent outside any transaction
 * @param commitTime  commit time
 * @param events      the events of this part, in commit order
 * @param endPosition where the pipeline stands once this part is handled: the last event's
 *                    position, or the transaction end for the last part
 * @param part        0-based part number
 * @param lastPart    whether this part ends the transaction
 */
public record Transaction(String id, Instant commitTime, List<ChangeEvent> events, Position endPosition,
                          int part, boolean lastPart) {
    public Transaction {
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(endPosition, "endPosition");
        events = List.copyOf(events);
        if (part < 0) {
            throw new IllegalArgumentException("part must be >= 0");
        }
        if (lastPart != endPosition.isTransactionEnd()) {
            throw new IllegalArgumentException("the last part, and only it, ends at a transaction end position");
        }
    }

    /** Whether this is the whole transaction rather than one part of a split one. */
    public boolean isWhole() {
        return part == 0 && lastPart;
    }

    public int size() {
        return events.size();
    }
}
