package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL of a real daemon in the middle of a stream, restarted with the same configuration: the
 * JSONL file ends up with every committed change exactly once, in commit order.
 */
class KillAndRestartTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    /**
     * When each incarnation dies: mid-stream (once it wrote past what the previous one left, plus a
     * random delay), or at a random moment of its start-up (migrations, slot, sink opening...).
     */
    private enum KillAt { STREAMING, STARTUP }

    private static final List<KillAt> KILLS = List.of(KillAt.STREAMING, KillAt.STREAMING, KillAt.STARTUP,
            KillAt.STREAMING);
    /** Small, so that the writer's large transactions arrive in several parts. */
    private static final int MAX_BATCH_EVENTS = 50;

    @Test
    void aDaemonKilledMidStreamAndRestartedWritesEveryCommittedChangeExactlyOnceInCommitOrder() throws Exception {
        pg.execute(ShopWriter.createTables(pg));
        // the server streams large transactions while in progress (pgoutput v2), which the source
        // spills to disk until they commit: crashes hit that path too
        pg.server().execute(pg.server().adminDatabase(),
                "ALTER DATABASE \"" + pg.database() + "\" SET logical_decoding_work_mem = '64kB'");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = E2e.workDir(getClass(), "kill");
        Path jsonl = dir.resolve("out/events.jsonl");
        Path config = E2e.writeConfig(dir, E2e.pipeline("crash", pg, pg.server().user(),
                List.of("public.orders", "public.lines"), "[{type: jsonl, path: out/events.jsonl}]",
                "max_batch_events: " + MAX_BATCH_EVENTS));
        ShopWriter writer = new ShopWriter(pg, seed, 8);
        Thread writerThread = new Thread(writer, "shop-writer");
        List<DaemonProcess> daemons = new ArrayList<>();
        String context = "seed " + seed + ", files in " + dir;
        try {
            DaemonProcess daemon = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString());
            daemons.add(daemon);
            // changes count from the slot's creation: the first daemon creates it before anything is written
            DaemonProcess first = daemon;
            E2e.awaitTrue("the daemon's replication slot", Duration.ofSeconds(60), () -> E2e.slotStreaming(pg, "tidemark_crash"),
                    () -> context + "\n" + first.stderr());
            writerThread.start();

            long sizeAtLastKill = 0;
            for (int kill = 1; kill <= KILLS.size(); kill++) {
                DaemonProcess d = daemon;
                long since = sizeAtLastKill;
                if (KILLS.get(kill - 1) == KillAt.STREAMING) {
                    // streaming again: the file grew past what the last incarnation left, then a random moment
                    E2e.awaitTrue("incarnation " + kill + " to write", Duration.ofSeconds(60),
                            () -> E2e.size(jsonl) > since || !d.isAlive(), () -> context + "\n" + d.stderr());
                    Thread.sleep(random.nextInt(1500));
                } else {
                    Thread.sleep(random.nextInt(1500));
                }
                assertThat(daemon.isAlive()).as("incarnation %d still runs (%s); stderr:%n%s", kill, context,
                        daemon.stderr()).isTrue();
                assertThat(daemon.kill()).as("exit code of SIGKILL").isEqualTo(128 + 9);
                assertThat(writer.failure()).as("writer").isNull();
                sizeAtLastKill = E2e.size(jsonl);
                daemon = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString());
                daemons.add(daemon);
            }
            DaemonProcess last = daemon;
            E2e.awaitTrue("the last incarnation to write", Duration.ofSeconds(60),
                    () -> E2e.size(jsonl) > 0 && last.stderr().contains("pipeline crash: source=") || !last.isAlive(),
                    () -> context + "\n" + last.stderr());
            E2e.finishWritingAndStop(writer, writerThread, last, jsonl, context);
            assertThat(last.stderr()).as("the last incarnation resumed from a checkpoint")
                    .containsPattern("resume after [0-9A-F]+/[0-9A-F]+");

            StreamOracle.assertExactlyOnceInCommitOrder(E2e.readJsonl(jsonl), writer.committed(), pg);
            assertThat(writer.committed()).as("large transactions, split into parts by the batch bound")
                    .anyMatch(c -> c.changes().size() > MAX_BATCH_EVENTS);
            if (pg.server().majorVersion() >= 14) {
                // PostgreSQL 14 and later stream large transactions in progress; 13 has no such path to test.
                // A walsender reports its slot statistics now and then and when it exits, which the last
                // one does a moment after its daemon stopped: poll rather than read once.
                E2e.awaitTrue("transactions the server streamed in progress (stream_txns > 0)", Duration.ofSeconds(30),
                        () -> pg.queryLong("SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = 'tidemark_crash'") > 0,
                        () -> context);
            }
        } finally {
            writer.stop();
            writerThread.join(30_000);
            for (DaemonProcess d : daemons) {
                d.close();
            }
        }
    }
}
