package dev.tidemark.engine;

import static dev.tidemark.engine.fixtures.Events.ids;
import static dev.tidemark.engine.fixtures.Events.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.engine.fixtures.CallLog;
import dev.tidemark.engine.fixtures.RecordingHandler;
import dev.tidemark.engine.fixtures.RecordingStore;
import dev.tidemark.engine.fixtures.ScriptedSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pipeline's delivery contract: checkpoints, acknowledgements, restarts, retries and stopping. */
class PipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RetryPolicy THREE_QUICK_ATTEMPTS =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4), 2.0);

    private final CallLog log = new CallLog();
    private final RecordingStore store = new RecordingStore(log);

    private Pipeline.Builder pipeline(ScriptedSource source) {
        return Pipeline.builder().name("shop").source(source).checkpointStore(store)
                .handlerRetry(THREE_QUICK_ATTEMPTS);
    }

    private void awaitCheckpoint(Position position) {
        await().atMost(WAIT).until(() -> position.equals(store.position("shop")));
    }

    @Test
    void checkpointsBeforeAcknowledging() {
        ScriptedSource source = new ScriptedSource(log);
        for (int i = 1; i <= 5; i++) {
            source.emit(tx(100L * i, 2));
        }
        RecordingHandler handler = new RecordingHandler(log);
        try (Pipeline p = pipeline(source).handler(handler).maxBatchEvents(3).build()) {
            p.start();
            awaitCheckpoint(tx(500, 2).endPosition());
            await().atMost(WAIT).until(() -> source.acknowledged().contains(tx(500, 2).endPosition()));
        }

        List<String> expected = new ArrayList<>();
        for (ChangeBatch b : handler.batches()) {
            expected.addAll(List.of("handle " + b.endPosition(), "save " + b.endPosition(), "ack " + b.endPosition()));
        }
        assertThat(handler.batches()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(log.calls()).containsExactlyElementsOf(expected);
    }

    @Test
    void skipsEventsAtOrBeforeTheCheckpointOnRestart() {
        ScriptedSource first = new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 3));
        try (Pipeline p = pipeline(first).handler(new RecordingHandler(log)).build()) {
            p.start();
            awaitCheckpoint(tx(200, 3).endPosition());
        }

        // the restarted source resends from the start, as a source may around its resume point
        ScriptedSource second = new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 3)).emit(tx(300, 2));
        RecordingHandler handler = new RecordingHandler(log);
        try (Pipeline p = pipeline(second).handler(handler).build()) {
            p.start();
            awaitCheckpoint(tx(300, 2).endPosition());
        }

        assertThat(second.resumeAfterSeen()).contains(tx(200, 3).endPosition());
        assertThat(ids(handler.events())).containsExactly(300_001, 300_002);
        assertThat(handler.transactions()).singleElement().satisfies(t -> assertThat(t.isWhole()).isTrue());
    }

    @Test
    void resumesInsideASplitTransactionWithoutCallingTheRestWhole() throws Exception {
        // run 1: bound 4 splits the 10-event transaction; the third part fails for good
        ScriptedSource first = new ScriptedSource(log).emit(tx(100, 10));
        RecordingHandler failingOnLastPart = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch batch) {
                if (batch.transactions().get(0).lastPart()) {
                    throw new IllegalStateException("downstream is down");
                }
            }
        };
        try (Pipeline p = pipeline(first).handler(failingOnLastPart).maxBatchEvents(4)
                .handlerRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0)).build()) {
            p.start();
            assertThat(p.awaitTermination(WAIT)).isTrue();
            assertThat(p.status().state()).isEqualTo(PipelineStatus.State.FAILED);
        }
        assertThat(store.position("shop")).isEqualTo(new PgPosition(new Lsn(100), 8));

        // run 2: a larger bound, and the source resends the whole transaction
        ScriptedSource second = new ScriptedSource(log).emit(tx(100, 10));
        RecordingHandler handler = new RecordingHandler(log);
        try (Pipeline p = pipeline(second).handler(handler).maxBatchEvents(10).build()) {
            p.start();
            awaitCheckpoint(tx(100, 10).endPosition());
        }
        assertThat(handler.transactions()).singleElement().satisfies(rest -> {
            assertThat(ids(rest.events())).containsExactly(100_009, 100_010);
            assertThat(rest.lastPart()).isTrue();
            assertThat(rest.part()).as("the remainder is not the first part").isPositive();
            assertThat(rest.isWhole()).isFalse();
        });
    }

    @Test
    void retriesAFailingHandlerWithBackoffThenFailsWithoutCheckpointingPastTheFailingBatch() {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 1)).emit(tx(200, 1));
        IllegalStateException downstream = new IllegalStateException("downstream is down");
        RecordingHandler handler = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch batch) {
                if (batch.endPosition().equals(tx(200, 1).endPosition())) {
                    throw downstream;
                }
            }
        };
        List<String> failures = new CopyOnWriteArrayList<>();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void onHandlerFailed(String pipeline, int attempt, Throwable error, Duration backoff) {
                failures.add(attempt + " " + backoff.toMillis() + "ms " + error.getMessage());
            }
        };
        Pipeline p = pipeline(source).handler(handler).maxBatchEvents(1).listener(listener).build();

        assertThatThrownBy(p::run)
                .isInstanceOf(PipelineFailedException.class)
                .hasMessageContaining("failed 3 time(s)")
                .hasMessageContaining("0/64")
                .hasRootCauseMessage("downstream is down");

        assertThat(p.status().state()).isEqualTo(PipelineStatus.State.FAILED);
        assertThat(handler.calls()).filteredOn(b -> b.endPosition().equals(tx(200, 1).endPosition())).hasSize(3);
        assertThat(failures).containsExactly("1 1ms downstream is down", "2 2ms downstream is down");
        assertThat(store.position("shop")).isEqualTo(tx(100, 1).endPosition());
        assertThat(source.acknowledged()).containsExactly(tx(100, 1).endPosition());
    }

    @Test
    void aHandlerThatRecoversWithinTheAttemptsSeesTheSameBatchAgain() {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 2));
        AtomicInteger failuresLeft = new AtomicInteger(2);
        RecordingHandler handler = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch batch) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("flaky");
                }
            }
        };
        try (Pipeline p = pipeline(source).handler(handler).build()) {
            p.start();
            awaitCheckpoint(tx(100, 2).endPosition());
            assertThat(p.status().state()).isEqualTo(PipelineStatus.State.RUNNING);
        }
        assertThat(handler.calls()).hasSize(3).allSatisfy(b -> assertThat(ids(b.events())).containsExactly(100_001, 100_002));
        assertThat(handler.batches()).hasSize(1);
    }

    @Test
    void aSinkThatCannotBeRolledBackFailsTheBatchInsteadOfWritingItTwice() {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 2));
        List<String> sinkCalls = new CopyOnWriteArrayList<>();
        ChangeSink sink = new ChangeSink() {
            @Override
            public String id() {
                return "fragile";
            }

            @Override
            public void open(Optional<String> committedState) throws IOException {
                sinkCalls.add("open " + committedState.orElse("-"));
                if (sinkCalls.size() > 1) {
                    throw new IOException("cannot roll back");
                }
            }

            @Override
            public Optional<String> write(ChangeBatch batch) throws IOException {
                sinkCalls.add("write");
                throw new IOException("disk full");
            }

            @Override
            public void close() {
            }
        };
        RecordingHandler handler = new RecordingHandler(log);
        Pipeline p = pipeline(source).sink(sink).handler(handler).build();

        assertThatThrownBy(p::run).isInstanceOf(PipelineFailedException.class).hasMessageContaining("cannot roll back");
        assertThat(sinkCalls).containsExactly("open -", "write", "open -", "open -");
        assertThat(handler.calls()).isEmpty();
        assertThat(store.position("shop")).isNull();
    }

    @Test
    void stopFinishesTheBatchInHandAndCheckpointsIt() throws Exception {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 2)).emit(tx(200, 2)).emit(tx(300, 2));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch batch) throws InterruptedException {
                entered.countDown();
                release.await();
            }
        };
        Pipeline p = pipeline(source).handler(handler).maxBatchEvents(2).build();
        p.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(p::stop);
        await().atMost(WAIT).until(() -> p.status().state() == PipelineStatus.State.STOPPING);
        assertThat(stopping).isNotDone();
        release.countDown();
        stopping.get(10, TimeUnit.SECONDS);

        assertThat(p.status().state()).isEqualTo(PipelineStatus.State.STOPPED);
        assertThat(p.status().failure()).isEmpty();
        assertThat(handler.batches()).singleElement()
                .satisfies(b -> assertThat(b.endPosition()).isEqualTo(tx(100, 2).endPosition()));
        assertThat(store.position("shop")).isEqualTo(tx(100, 2).endPosition());
        assertThat(source.acknowledged()).containsExactly(tx(100, 2).endPosition());
    }

    @Test
    void stopCalledFromTheHandlerReturnsAndStopsAfterThatBatch() throws Exception {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 1)).emit(tx(200, 1));
        AtomicReference<Pipeline> self = new AtomicReference<>();
        RecordingHandler handler = new RecordingHandler(log) {
            @Override
            protected void accept(ChangeBatch batch) {
                self.get().stop();
            }
        };
        Pipeline p = pipeline(source).handler(handler).maxBatchEvents(1).build();
        self.set(p);
        p.start();

        assertThat(p.awaitTermination(WAIT)).isTrue();
        assertThat(p.status().state()).isEqualTo(PipelineStatus.State.STOPPED);
        assertThat(handler.batches()).hasSize(1);
        assertThat(store.position("shop")).isEqualTo(tx(100, 1).endPosition());
    }

    @Test
    void heartbeatsStoreACheckpointAndAcknowledgeIt() {
        Position idle = PgPosition.endOf(new Lsn(50));
        ScriptedSource source = new ScriptedSource(log).heartbeat(idle);
        try (Pipeline p = pipeline(source).handler(new RecordingHandler(log)).build()) {
            p.start();
            await().atMost(WAIT).until(() -> source.acknowledged().contains(idle));
        }
        assertThat(store.position("shop")).isEqualTo(idle);
        assertThat(log.calls()).containsExactly("save 0/32", "ack 0/32");
    }

    @Test
    void aHeartbeatBehindTheCheckpointDoesNotMoveItBack() {
        Position ahead = PgPosition.endOf(new Lsn(300));
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 1)).heartbeat(ahead)
                .heartbeat(PgPosition.endOf(new Lsn(200)));
        try (Pipeline p = pipeline(source).handler(new RecordingHandler(log)).build()) {
            p.start();
            await().atMost(WAIT).until(() -> source.acknowledged().size() == 3);
        }
        assertThat(store.position("shop")).isEqualTo(ahead);
        assertThat(log.calls()).containsExactly("handle 0/64", "save 0/64", "ack 0/64",
                "save 0/12C", "ack 0/12C", "ack 0/12C");
    }

    @Test
    void aSourceThatFailsStopsThePipelineWithItsError() {
        ScriptedSource source = new ScriptedSource(log).emit(tx(100, 1))
                .failAtEnd(new SourceUnavailableException("server shop-db is gone", false));
        RecordingHandler handler = new RecordingHandler(log);
        Pipeline p = pipeline(source).handler(handler).build();

        assertThatThrownBy(p::run).isInstanceOf(PipelineFailedException.class)
                .hasRootCauseMessage("server shop-db is gone");
        assertThat(p.status().state()).isEqualTo(PipelineStatus.State.FAILED);
    }
}
