package dev.tidemark.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test moves it, forward or back, for code that reads time from an
 * injected {@link Clock} (the pipeline's clock): tests then drive time instead of sleeping. Safe to
 * read from other threads; always UTC.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public SettableClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at 2026-12-01T00:00:00Z. */
    public SettableClock() {
        this(Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** Moves the clock by {@code d}; a negative duration sets it back. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
