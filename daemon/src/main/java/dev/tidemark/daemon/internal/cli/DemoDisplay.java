package dev.tidemark.daemon.internal.cli;

import dev.tidemark.engine.PipelineStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo's live line, once a second: rows written, events captured, the capture rate and the lag
 * (commit to handled). It also ends the writing after its time, and the demo once the stream has
 * caught up with everything written.
 */
final class DemoDisplay {
    /** How long the stream may take to catch up after the writer stopped. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final PrintWriter out;
    private final Clock clock;

    DemoDisplay(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /**
     * Shows the progress while {@code writer} writes for {@code writing}, then until the pipeline has
     * handled as many events as rows were written, the pipeline stops, or {@link #CATCH_UP} runs out.
     */
    void show(DemoPipeline pipeline, DemoWriter writer, Duration writing) throws InterruptedException {
        long start = clock.millis();
        long lastEvents = 0;
        long lastAt = start;
        boolean writerRuns = true;
        while (pipeline.running()) {
            Thread.sleep(TICK.toMillis()); // the display's cadence, not a wait for something
            long now = clock.millis();
            if (writerRuns && now - start >= writing.toMillis()) {
                writer.stopAndJoin();
                writerRuns = false;
            }
            Optional<PipelineStatus> status = pipeline.status();
            long events = status.map(PipelineStatus::eventsHandled).orElse(0L);
            double rate = (events - lastEvents) * 1000.0 / Math.max(1, now - lastAt);
            lastEvents = events;
            lastAt = now;
            out.printf("  %3ds  written %,6d rows  captured %,6d events  %,7.0f events/s  lag %s%n",
                    (now - start) / 1000, writer.rows(), events, rate, lag(status));
            out.flush();
            if (!writerRuns && events >= writer.rows()) {
                return; // caught up with everything written
            }
            if (!writerRuns && now - start > writing.plus(CATCH_UP).toMillis()) {
                out.println("the stream did not catch up within " + CATCH_UP.toSeconds() + " s; stopping");
                return;
            }
        }
    }

    private static String lag(Optional<PipelineStatus> status) {
        if (status.isEmpty() || status.get().lastCommitTime().isEmpty() || status.get().lastHandledAt().isEmpty()) {
            return "-";
        }
        PipelineStatus s = status.get();
        return Duration.between(s.lastCommitTime().get(), s.lastHandledAt().get()).toMillis() + " ms";
    }
}
