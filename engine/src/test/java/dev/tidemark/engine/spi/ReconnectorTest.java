package dev.tidemark.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The reconnect loop's policy, driven by a fake attempt and a settable clock: nothing here talks to a
 * database, and no test waits out a real backoff.
 */
class ReconnectorTest {
    private static final SourceUnavailableException LOST = new SourceUnavailableException("connection reset", true);

    private final SettableClock clock = new SettableClock();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Duration> disconnects = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private final List<Instant> attemptTimes = new ArrayList<>();
    private RetryPolicy policy = new RetryPolicy(0, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0);

    /** Backoffs move the settable clock; nothing sleeps. */
    private Reconnector reconnector() {
        return Reconnector.forSource(context(), "db://host/x", "the test stream")
                .sleeper((d, r) -> {
                    slept.add(d);
                    clock.advance(d);
                });
    }

    @Test
    void backoffsFollowThePolicyAndAttemptsStartAfterThemOnTheClock() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        reconnector().run(progress -> {
            attemptTimes.add(clock.instant());
            if (calls.incrementAndGet() <= 8) {
                throw LOST;
            }
        });
        assertThat(calls).hasValue(9);
        List<Duration> expected = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            expected.add(policy.backoff(n));
        }
        assertThat(slept).isEqualTo(expected)
                .startsWith(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .endsWith(Duration.ofSeconds(30));
        assertThat(disconnects).as("the listener hears of each backoff").isEqualTo(expected);
        for (int i = 1; i < attemptTimes.size(); i++) {
            assertThat(Duration.between(attemptTimes.get(i - 1), attemptTimes.get(i))).isEqualTo(expected.get(i - 1));
        }
    }

    @Test
    void givesUpAfterThePolicysAttemptsNamingTheServerTheCountAndTheLastFailure() {
        policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> reconnector().run(progress -> {
            calls.incrementAndGet();
            throw LOST;
        })).isInstanceOfSatisfying(SourceUnavailableException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessage("giving up on db://host/x after 3 failed connection attempts: connection reset")
                    .hasCause(LOST);
        });
        assertThat(calls).hasValue(3);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void anAttemptThatMadeProgressStartsTheCountAgain() throws Exception {
        policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0);
        // fail, fail, deliver then fail, fail, succeed: four failures, never three in a row without
        // progress, so the policy's limit of 3 is not reached
        boolean[] delivers = {false, false, true, false};
        AtomicInteger calls = new AtomicInteger();
        reconnector().run(progress -> {
            int i = calls.getAndIncrement();
            if (i == delivers.length) {
                return;
            }
            if (delivers[i]) {
                progress.mark();
            }
            throw LOST;
        });
        assertThat(calls).hasValue(5);
        // the backoff restarts too: counts 1, 2, then 1, 2
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofMillis(200));
    }

    @Test
    void theCountWithoutProgressReachesTheLimit() {
        policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> reconnector().run(progress -> {
            int i = calls.getAndIncrement();
            if (i == 2) {
                progress.mark();
            }
            throw LOST;
        })).hasMessageContaining("after 3 failed connection attempts");
        // attempts 0, 1 fail (count 1, 2); attempt 2 progresses then fails (count 1); 3, 4 fail (2, 3: give up)
        assertThat(calls).hasValue(5);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofMillis(200));
    }

    @Test
    void whatReconnectingCannotFixPassesStraightThrough() {
        SourceUnavailableException wrongSetting = new SourceUnavailableException("wal_level is replica", false);
        ConfigException config = new ConfigException("bad table name");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> reconnector().run(progress -> {
            calls.incrementAndGet();
            throw wrongSetting;
        })).isSameAs(wrongSetting);
        assertThatThrownBy(() -> reconnector().run(progress -> {
            calls.incrementAndGet();
            throw config;
        })).isSameAs(config);
        assertThat(calls).hasValue(2);
        assertThat(slept).isEmpty();
        assertThat(disconnects).isEmpty();
    }

    @Test
    void cleansUpAfterEveryLostConnectionIncludingTheLastOne() {
        policy = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> reconnector().betweenAttempts(() -> log.add("cleanup")).run(progress -> {
            log.add("attempt");
            throw LOST;
        })).hasMessageContaining("after 2 failed");
        assertThat(log).containsExactly("attempt", "cleanup", "attempt", "cleanup");
    }

    @Test
    void aStopReportedByTheFailingAttemptEndsTheLoopWithoutBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        reconnector().run(progress -> {
            calls.incrementAndGet();
            running.set(false);
            throw LOST;
        });
        assertThat(calls).hasValue(1);
        assertThat(slept).isEmpty();
        assertThat(disconnects).isEmpty();
    }

    @Test
    void aStopDuringABackoffOnTheRealSleeperReturnsPromptly() throws Exception {
        policy = new RetryPolicy(0, Duration.ofHours(1), Duration.ofHours(1), 1.0);
        Reconnector.Sleeper real = Reconnector.Sleeper.onClock(Clock.systemUTC());
        CountDownLatch sleeping = new CountDownLatch(1);
        Reconnector r = Reconnector.forSource(context(), "db://host/x", "the test stream")
                .whileRunning(running::get)
                .sleeper((d, stillRunning) -> {
                    sleeping.countDown();
                    real.sleep(d, stillRunning);
                });
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            try {
                r.run(progress -> {
                    throw LOST;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(sleeping.await(10, TimeUnit.SECONDS)).as("the loop entered its backoff").isTrue();
        long stoppedAt = System.nanoTime();
        running.set(false);
        loop.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(disconnects).containsExactly(Duration.ofHours(1));
    }

    @Test
    void theDefaultSleeperWaitsOnTheInjectedClockNotOnRealTime() throws Exception {
        // each reading of this clock moves it 10 s: a 30 s wait ends after a few polls
        Clock ticking = new Clock() {
            private long millis;

            @Override
            public long millis() {
                millis += 10_000;
                return millis;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        long t0 = System.nanoTime();
        Reconnector.Sleeper.onClock(ticking).sleep(Duration.ofSeconds(30), () -> true);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theDefaultSleeperSurvivesAClockSetBack() throws Exception {
        // forward 20 s, back an hour, forward 20 s: 40 s of forward time end a 30 s wait
        long[] readings = {0, 20_000, 20_000 - 3_600_000, 20_000 - 3_600_000 + 20_000};
        int[] i = {0};
        Clock c = new Clock() {
            @Override
            public long millis() {
                return readings[Math.min(i[0]++, readings.length - 1)];
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        Reconnector.Sleeper.onClock(c).sleep(Duration.ofSeconds(30), () -> true);
        assertThat(i[0]).as("clock readings until the wait ended").isEqualTo(4);
    }

    private SourceContext context() {
        return new SourceContext() {
            @Override
            public String pipelineName() {
                return "p";
            }

            @Override
            public Optional<Position> resumeAfter() {
                return Optional.empty();
            }

            @Override
            public int maxBatchEvents() {
                return 1;
            }

            @Override
            public boolean emit(Transaction transaction, long timeout, TimeUnit unit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean heartbeat(Position position) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isRunning() {
                return running.get();
            }

            @Override
            public RetryPolicy reconnectPolicy() {
                return policy;
            }

            @Override
            public PipelineListener listener() {
                return new PipelineListener() {
                    @Override
                    public void onSourceDisconnected(String pipeline, Throwable error, Duration backoff) {
                        assertThat(pipeline).isEqualTo("p");
                        assertThat(error).isSameAs(LOST);
                        disconnects.add(backoff);
                    }
                };
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }
}
