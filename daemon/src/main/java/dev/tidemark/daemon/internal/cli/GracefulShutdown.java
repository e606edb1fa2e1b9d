package dev.tidemark.daemon.internal.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a graceful stop with a meaningful exit code.
 *
 * <p>The JVM answers those signals by running shutdown hooks and then exiting with 128 + signal
 * (143, 130), whatever the application decides. The hook installed here asks {@code run} to stop,
 * waits until the command has finished (pipelines stopped, checkpoints stored, exit code known,
 * see {@link #finished}), and then halts with that code: 0 after a clean stop, 1 if a pipeline failed.
 */
public final class GracefulShutdown {
    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    /** How long a signal waits for the batches in hand; then the process exits anyway, with 1. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private static final CountDownLatch done = new CountDownLatch(1);
    private static volatile int exitCode = ExitCodes.FAILURE;
    private static volatile boolean finished;

    private GracefulShutdown() {
    }

    /** Installs the hook; {@code stop} must make the running command return soon. */
    static void install(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished) {
                return; // the command ended by itself and called System.exit: nothing to stop, keep its code
            }
            log.info("stop requested by signal");
            stop.run();
            try {
                if (!done.await(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    log.error("pipelines did not stop within {} s; exiting without a final checkpoint",
                            STOP_TIMEOUT.toSeconds());
                    exitCode = ExitCodes.FAILURE;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode);
        }, "tidemark-shutdown"));
    }

    /** Called by {@code main} once the command returned, before {@code System.exit(code)}. */
    public static void finished(int code) {
        exitCode = code;
        finished = true;
        done.countDown();
    }
}
