package dev.tidemark.engine.internal;

import dev.tidemark.engine.ChangeBatch;
import dev.tidemark.engine.ChangeHandler;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.JdbcChangeHandler;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineListener;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.RetryPolicy;
import dev.tidemark.engine.TidemarkException;
import dev.tidemark.engine.Transaction;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.spi.SourceContext;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline: a source thread that emits transactions into a bounded queue, and a handler
 * thread that batches them, hands them to the sinks/handler with retries, stores the checkpoint and
 * only then acknowledges the position to the source.
 *
 * <p>Invariant: a position is acknowledged to the source only after a checkpoint at or past it was
 * durably stored, and a checkpoint is stored only after every event before it was handled.
 */
public final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    /** Everything the builder validated. */
    public record Settings(String name, ChangeSource source, CheckpointStore store, ChangeHandler handler,
                           JdbcChangeHandler jdbcHandler, DataSource jdbcDataSource, List<ChangeSink> sinks,
                           int maxBatchEvents, int queueCapacityEvents, RetryPolicy handlerRetry,
                           RetryPolicy reconnectRetry, List<PipelineListener> listeners, Clock clock) {
    }

    /** How long {@link #finish} waits for the source to notice the stop before interrupting it. */
    private static final long SOURCE_STOP_GRACE_MILLIS = 30_000;

    private final Settings s;
    private final PipelineListener listener;
    private final EventQueue queue;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile PipelineStatus.State state = PipelineStatus.State.NEW;
    private volatile boolean running;
    private Thread sourceThread;
    private Thread handlerThread;

    // progress, written by the handler thread, read by status()
    private volatile long eventsHandled;
    private volatile long transactionsHandled;
    private volatile Instant lastCommitTime;
    private volatile Instant lastHandledAt;
    private volatile Position lastCheckpoint;
    private Map<String, String> sinkStates = Map.of();
    private Position resumeAfter;

    public PipelineRunner(Settings settings) {
        this.s = settings;
        this.listener = settings.listeners().isEmpty() ? PipelineListener.NOOP : new CompositeListener(settings.listeners());
        this.queue = new EventQueue(settings.maxBatchEvents(), settings.queueCapacityEvents(), () -> running,
                () -> lastCheckpoint);
    }

    public String name() {
        return s.name();
    }

    public synchronized void start() {
        if (state != PipelineStatus.State.NEW) {
            return;
        }
        Optional<Checkpoint> checkpoint = s.store().load(s.name());
        checkpoint.ifPresent(cp -> {
            resumeAfter = cp.position();
            lastCheckpoint = cp.position();
            sinkStates = cp.sinkStates();
            lastCommitTime = cp.lastCommitTime();
        });
        log.info("pipeline {}: source={}, sinks={}, handler={}, maxBatchEvents={}, queueCapacityEvents={}, resume after {}",
                s.name(), s.source().connector(), s.sinks().stream().map(ChangeSink::id).toList(),
                s.jdbcHandler() != null ? "jdbc" : s.handler() != null ? "yes" : "none",
                s.maxBatchEvents(), s.queueCapacityEvents(), resumeAfter == null ? "nothing (first start)" : resumeAfter);
        List<ChangeSink> opened = new ArrayList<>();
        try {
            for (ChangeSink sink : s.sinks()) {
                sink.open(Optional.ofNullable(sinkStates.get(sink.id())));
                opened.add(sink);
            }
        } catch (Exception e) {
            for (ChangeSink sink : opened) {
                try {
                    sink.close();
                } catch (Exception ce) {
                    e.addSuppressed(ce);
                }
            }
            state = PipelineStatus.State.FAILED;
            failure.set(e);
            terminated.countDown();
            throw new PipelineFailedException("pipeline " + s.name() + ": a sink could not be opened: " + e.getMessage(), e);
        }
        running = true;
        state = PipelineStatus.State.RUNNING;
        sourceThread = new Thread(this::runSource, "tidemark-" + s.name() + "-source");
        handlerThread = new Thread(this::runHandler, "tidemark-" + s.name() + "-handler");
        sourceThread.setDaemon(true);
        handlerThread.setDaemon(true);
        sourceThread.start();
        handlerThread.start();
        listener.onStarted(s.name());
    }

    public void stop() {
        synchronized (this) {
            if (state == PipelineStatus.State.NEW) {
                state = PipelineStatus.State.STOPPED;
                terminated.countDown();
                return;
            }
            if (state == PipelineStatus.State.RUNNING) {
                state = PipelineStatus.State.STOPPING;
            }
        }
        running = false;
        stopSignal.countDown();
        Thread me = Thread.currentThread();
        if (me == handlerThread || me == sourceThread) {
            // called from a handler, sink, listener or the source: waiting here would wait for ourselves
            return;
        }
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean await(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            terminated.await();
            return true;
        }
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void throwIfFailed() {
        Throwable t = failure.get();
        if (t != null) {
            throw asPipelineFailure(t);
        }
    }

    private PipelineFailedException asPipelineFailure(Throwable t) {
        if (t instanceof PipelineFailedException p) {
            return p;
        }
        return new PipelineFailedException("pipeline " + s.name() + " stopped: " + t.getMessage(), t);
    }

    public PipelineStatus status() {
        return new PipelineStatus(s.name(), state, eventsHandled, transactionsHandled,
                Optional.ofNullable(lastCommitTime), Optional.ofNullable(lastHandledAt),
                Optional.ofNullable(lastCheckpoint), Optional.ofNullable(failure.get()));
    }

    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            if (t instanceof TidemarkException) {
                // our own errors say what is wrong and what to do; a stack trace adds nothing
                log.error("pipeline {} failed: {}", s.name(), t.getMessage());
            } else {
                log.error("pipeline {} failed: {}", s.name(), t.getMessage(), t);
            }
        }
        running = false;
        stopSignal.countDown();
    }

    // ---------------------------------------------------------------- source side

    private void runSource() {
        try {
            s.source().run(new Context());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (running) {
                fail(t);
            }
        } finally {
            if (running) {
                fail(new TidemarkException("pipeline " + s.name() + ": the source stopped by itself"));
            }
            try {
                s.source().close();
            } catch (Exception e) {
                log.warn("pipeline {}: closing the source failed: {}", s.name(), e.toString());
            }
        }
    }

    private final class Context implements SourceContext {
        @Override
        public String pipelineName() {
            return s.name();
        }

        @Override
        public Optional<Position> resumeAfter() {
            return Optional.ofNullable(resumeAfter);
        }

        @Override
        public int maxBatchEvents() {
            return s.maxBatchEvents();
        }

        @Override
        public boolean emit(Transaction tx, long timeout, TimeUnit unit) throws InterruptedException {
            return queue.offer(tx, timeout, unit);
        }

        @Override
        public boolean heartbeat(Position position) {
            return queue.offerHeartbeat(position);
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public RetryPolicy reconnectPolicy() {
            return s.reconnectRetry();
        }

        @Override
        public PipelineListener listener() {
            return listener;
        }

        @Override
        public Clock clock() {
            return s.clock();
        }
    }

    // ---------------------------------------------------------------- handler side

    private void runHandler() {
        try {
            while (running) {
                EventQueue.Piece first = queue.next(100);
                if (first == null) {
                    continue;
                }
                if (first.heartbeat() != null) {
                    handleHeartbeat(first);
                    continue;
                }
                // whole pieces only, up to the bound: a transaction is split only by nextPiece, when
                // it alone exceeds the bound, so batches never cut a transaction otherwise
                List<Transaction> txs = new ArrayList<>();
                txs.add(first.tx());
                int events = first.tx().size();
                int taken = first.permits();
                EventQueue.Piece next;
                while ((next = queue.next(0)) != null) {
                    if (next.heartbeat() != null || events + next.tx().size() > s.maxBatchEvents()) {
                        queue.pushBack(next);
                        break;
                    }
                    txs.add(next.tx());
                    events += next.tx().size();
                    taken += next.permits();
                }
                try {
                    handleBatch(new ChangeBatch(txs));
                } finally {
                    queue.release(taken);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail(t);
        } finally {
            finish();
        }
    }

    private void handleHeartbeat(EventQueue.Piece item) throws InterruptedException {
        try {
            Position p = item.heartbeat();
            if (lastCheckpoint == null || p.compareTo(lastCheckpoint) > 0) {
                Checkpoint cp = new Checkpoint(p, sinkStates, lastCommitTime);
                withRetry("checkpoint at heartbeat " + p, false, () -> s.store().save(s.name(), cp));
                lastCheckpoint = p;
                listener.onCheckpoint(s.name(), p);
            }
            s.source().acknowledge(lastCheckpoint);
        } finally {
            queue.release(item.permits());
        }
    }

    private void handleBatch(ChangeBatch batch) throws InterruptedException {
        long t0 = System.nanoTime();
        Position end = batch.endPosition();
        withRetry("batch ending at " + end, true, () -> deliver(batch, end));
        lastCheckpoint = end;
        eventsHandled += batch.size();
        for (Transaction tx : batch.transactions()) {
            if (tx.lastPart()) {
                transactionsHandled++;
            }
        }
        lastCommitTime = batch.transactions().get(batch.transactions().size() - 1).commitTime();
        lastHandledAt = s.clock().instant();
        s.source().acknowledge(end);
        listener.onCheckpoint(s.name(), end);
        listener.onBatchHandled(s.name(), batch, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** One attempt: sinks, handler, checkpoint. On failure nothing is checkpointed. */
    private void deliver(ChangeBatch batch, Position end) throws Exception {
        if (s.jdbcHandler() != null) {
            try (Connection c = s.jdbcDataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    s.jdbcHandler().handle(batch, c);
                    s.store().save(s.name(), new Checkpoint(end, sinkStates, lastCommitOf(batch)), c);
                    c.commit();
                } catch (Exception e) {
                    try {
                        c.rollback();
                    } catch (Exception re) {
                        e.addSuppressed(re);
                    }
                    throw e;
                }
            }
            return;
        }
        Map<String, String> states = new HashMap<>(sinkStates);
        for (ChangeSink sink : s.sinks()) {
            sink.write(batch).ifPresent(st -> states.put(sink.id(), st));
        }
        if (s.handler() != null) {
            s.handler().handle(batch);
        }
        Map<String, String> frozen = Map.copyOf(states);
        s.store().save(s.name(), new Checkpoint(end, frozen, lastCommitOf(batch)));
        sinkStates = frozen;
    }

    private static Instant lastCommitOf(ChangeBatch batch) {
        return batch.transactions().get(batch.transactions().size() - 1).commitTime();
    }

    private interface Attempt {
        void run() throws Exception;
    }

    /**
     * Runs the attempt until it succeeds, with backoff. With {@code reopenSinks}, every retry first
     * returns the sinks to the last stored state; a sink that cannot be returned fails the attempt,
     * since writing on top of a half-written batch would duplicate it.
     */
    private void withRetry(String what, boolean reopenSinks, Attempt attempt) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                if (failures > 0 && reopenSinks) {
                    reopenSinks();
                }
                attempt.run();
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failures++;
                if (e instanceof TidemarkException te && !(te instanceof dev.tidemark.engine.SourceUnavailableException)
                        && !(te instanceof dev.tidemark.engine.CheckpointStoreException cse && cse.retryable())) {
                    // our own errors (config, conflicts) do not heal by retrying; a checkpoint database
                    // that was briefly unreachable does
                    throw te;
                }
                if (!s.handlerRetry().allowsAnotherAttempt(failures) || !running) {
                    throw new PipelineFailedException("pipeline " + s.name() + ": the " + what + " failed "
                            + failures + " time(s), giving up: " + e + ". Nothing past the last checkpoint ("
                            + (lastCheckpoint == null ? "none yet" : lastCheckpoint) + ") was stored: fix the cause"
                            + " and restart the pipeline to retry from there", e);
                }
                Duration backoff = s.handlerRetry().backoff(failures);
                log.warn("pipeline {}: the {} failed (attempt {}), retrying in {} ms: {}", s.name(), what, failures,
                        backoff.toMillis(), e.toString());
                listener.onHandlerFailed(s.name(), failures, e, backoff);
                if (stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new PipelineFailedException("pipeline " + s.name() + ": stopped while the " + what
                            + " was failing; nothing was checkpointed past the failing batch", e);
                }
            }
        }
    }

    private void reopenSinks() throws Exception {
        for (ChangeSink sink : s.sinks()) {
            sink.open(Optional.ofNullable(sinkStates.get(sink.id())));
        }
    }

    private void finish() {
        running = false;
        stopSignal.countDown();
        try {
            if (sourceThread != null && Thread.currentThread() != sourceThread) {
                sourceThread.join(SOURCE_STOP_GRACE_MILLIS);
                if (sourceThread.isAlive()) {
                    log.warn("pipeline {}: the source did not stop within {} s of being asked; interrupting it",
                            s.name(), SOURCE_STOP_GRACE_MILLIS / 1000);
                    sourceThread.interrupt();
                    sourceThread.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ChangeSink sink : s.sinks()) {
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("pipeline {}: closing sink {} failed: {}", s.name(), sink.id(), e.toString());
            }
        }
        Throwable t = failure.get();
        state = t == null ? PipelineStatus.State.STOPPED : PipelineStatus.State.FAILED;
        log.info("pipeline {} stopped{}; last checkpoint {}", s.name(), t == null ? "" : " with an error", lastCheckpoint);
        listener.onStopped(s.name(), t == null ? null : asPipelineFailure(t));
        terminated.countDown();
    }
}
