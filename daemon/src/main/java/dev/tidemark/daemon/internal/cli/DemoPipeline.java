package dev.tidemark.daemon.internal.cli;

import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import dev.tidemark.engine.PipelineStatus;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** The daemon's runtime running the demo pipeline on a thread of its own, and how it ended. */
final class DemoPipeline {
    private final DaemonRuntime runtime;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    DemoPipeline(DaemonRuntime runtime) {
        this.runtime = runtime;
    }

    void start() {
        Thread t = new Thread(() -> {
            try {
                runtime.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                stopped.countDown();
            }
        }, "tidemark-demo-runtime");
        t.start();
    }

    /** Whether the runtime still runs. */
    boolean running() {
        return stopped.getCount() > 0;
    }

    /** The demo pipeline's status, empty before the runtime built it. */
    Optional<PipelineStatus> status() {
        return runtime.statuses().stream().findFirst();
    }

    /** Why the runtime ended, when it failed. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Asks the runtime to finish its batch and checkpoint, and waits until it has. */
    void stop() throws InterruptedException {
        runtime.requestStop();
        stopped.await();
    }

    /** {@link #stop()} for a shutdown hook, which cannot be interrupted out of its duty. */
    void stopUninterruptibly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
