package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second daemon started on the same configuration while the first runs (a rolling deployment that
 * starts the new instance before stopping the old, or an operator's mistake) must not touch the
 * first one's output.
 */
class SecondDaemonTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void aSecondDaemonOnTheSameConfigExitsOneAndLeavesTheFirstOnesFileAlone() throws Exception {
        pg.execute(ShopWriter.createTables(pg));
        Path dir = E2e.workDir(getClass(), "twice");
        Path jsonl = dir.resolve("out/events.jsonl");
        Path config = E2e.writeConfig(dir, E2e.pipeline("twice", pg, pg.server().user(),
                List.of("public.orders", "public.lines"), "[{type: jsonl, path: out/events.jsonl}]",
                "max_batch_events: 100"));
        ShopWriter writer = new ShopWriter(pg, System.nanoTime(), 10);
        Thread writerThread = new Thread(writer, "shop-writer");
        try (DaemonProcess first = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            E2e.awaitTrue("the replication slot", Duration.ofSeconds(60), () -> E2e.slotStreaming(pg, "tidemark_twice"),
                    first::stderr);
            writerThread.start();
            E2e.awaitTrue("the first daemon to write", Duration.ofSeconds(60), () -> E2e.lineCount(jsonl) > 100,
                    first::stderr);

            try (DaemonProcess second = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
                int exit = second.awaitExit(Duration.ofSeconds(60));
                assertThat(exit).as("exit code of the second daemon; stderr:%n%s", second.stderr()).isOne();
                assertThat(second.stderr()).contains("tidemark: pipeline twice").contains(jsonl.toString())
                        .contains("another process");
            }
            assertThat(first.isAlive()).as("the first daemon runs on; stderr:%n%s", first.stderr()).isTrue();

            // the first daemon goes on writing the file after the second gave up; the oracle below proves
            // the second wrote nothing into it (no line twice, none out of order)
            E2e.awaitLiveStreaming(writer, first, jsonl, "after the second daemon exited");
            writer.stop();
            writerThread.join(30_000);
            assertThat(writer.failure()).as("writer").isNull();
            long expected = writer.committedChanges();
            E2e.awaitTrue("the first daemon to catch up", Duration.ofSeconds(60),
                    () -> E2e.lineCount(jsonl) >= expected || !first.isAlive(), first::stderr);
            first.sigterm();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as("stderr:%n%s", first.stderr()).isZero();

            StreamOracle.assertExactlyOnceInCommitOrder(E2e.readJsonl(jsonl), writer.committed(), pg);
        } finally {
            writer.stop();
            writerThread.join(30_000);
        }
    }
}
