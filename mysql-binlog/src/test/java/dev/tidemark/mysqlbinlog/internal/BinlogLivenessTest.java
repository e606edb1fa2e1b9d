package dev.tidemark.mysqlbinlog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog's notion of silence, on a clock the test moves. */
class BinlogLivenessTest {
    private final SettableClock clock = new SettableClock();
    private final BinlogLiveness liveness = new BinlogLiveness(clock);

    @Test
    void silenceIsMeasuredOnThePipelinesClockFromTheLastSignOfLife() {
        liveness.seen();
        clock.advance(Duration.ofSeconds(10));
        assertThat(liveness.silentFor(10_000)).as("exactly the limit is not yet silence").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(liveness.silentFor(10_000)).isTrue();
        liveness.seen();
        assertThat(liveness.silentFor(10_000)).as("an event ends the silence").isFalse();
    }

    @Test
    void aClockSetBackNeverMakesALiveStreamLookDead() {
        liveness.seen();
        clock.advance(Duration.ofHours(-1));
        assertThat(liveness.silentFor(10_000)).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(liveness.silentFor(10_000)).as("counted from where the clock went back to").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(liveness.silentFor(10_000)).isTrue();
    }
}
