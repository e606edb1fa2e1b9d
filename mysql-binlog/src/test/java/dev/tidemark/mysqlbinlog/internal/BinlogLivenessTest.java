package dev.tidemark.mysqlbinlog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The watchdog's notion of silence, on a clock the test moves. */
class BinlogLivenessTest {
    private final MovableClock clock = new MovableClock();
    private final BinlogLiveness liveness = new BinlogLiveness(clock);

    @Test
    void silenceIsMeasuredOnThePipelinesClockFromTheLastSignOfLife() {
        liveness.seen();
        clock.move(Duration.ofSeconds(10));
        assertThat(liveness.silentFor(10_000)).as("exactly the limit is not yet silence").isFalse();
        clock.move(Duration.ofMillis(1));
        assertThat(liveness.silentFor(10_000)).isTrue();
        liveness.seen();
        assertThat(liveness.silentFor(10_000)).as("an event ends the silence").isFalse();
    }

    @Test
    void aClockSetBackNeverMakesALiveStreamLookDead() {
        liveness.seen();
        clock.move(Duration.ofHours(-1));
        assertThat(liveness.silentFor(10_000)).isFalse();
        clock.move(Duration.ofSeconds(9));
        assertThat(liveness.silentFor(10_000)).as("counted from where the clock went back to").isFalse();
        clock.move(Duration.ofSeconds(2));
        assertThat(liveness.silentFor(10_000)).isTrue();
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void move(Duration d) {
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
            throw new UnsupportedOperationException();
        }
    }
}
