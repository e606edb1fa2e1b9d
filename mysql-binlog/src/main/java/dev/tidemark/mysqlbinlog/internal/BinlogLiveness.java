package dev.tidemark.mysqlbinlog.internal;

import java.time.Clock;

/**
 * When the binlog stream last showed life: an event, or a wait on the busy pipeline (which is not
 * silence). Written on the source thread, read by the watchdog. Time is the pipeline's clock.
 */
final class BinlogLiveness {
    private final Clock clock;
    private volatile long lastSeen;

    BinlogLiveness(Clock clock) {
        this.clock = clock;
    }

    void seen() {
        lastSeen = clock.millis();
    }

    /** {@link #seen()} at a time the caller just read from the same clock. */
    void seen(long now) {
        lastSeen = now;
    }

    /**
     * Whether nothing was seen for longer than {@code limitMs}. A clock set back restarts the count
     * from now, so a jump of the wall clock never takes a live stream for a dead one.
     */
    boolean silentFor(long limitMs) {
        long now = clock.millis();
        long since = lastSeen;
        if (now < since) {
            lastSeen = now;
            return false;
        }
        return now - since > limitMs;
    }
}
