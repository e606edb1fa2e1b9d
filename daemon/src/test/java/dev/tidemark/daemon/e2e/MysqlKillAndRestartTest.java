package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.MariaDbExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL of a real daemon reading a MariaDB binlog in the middle of a stream, restarted with the
 * same configuration: it resumes from the GTID checkpoint in the source server's {@code tidemark}
 * database, and the JSONL file ends up with every committed change exactly once, in commit order.
 */
class MysqlKillAndRestartTest {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    private static final int KILLS = 2;
    /** Small, so that the writer's large transactions arrive in several parts and some spill to disk. */
    private static final int MAX_BATCH_EVENTS = 50;

    @Test
    void aDaemonKilledMidStreamAndRestartedWritesEveryCommittedChangeExactlyOnceInCommitOrder() throws Exception {
        mariadb.execute(ShopWriter.createTables(mariadb));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = E2e.workDir(getClass(), "kill");
        Path jsonl = dir.resolve("out/events.jsonl");
        String pipeline = E2e.unique("my_crash");
        Path config = E2e.writeConfig(dir, E2e.mysqlPipeline(pipeline, mariadb, mariadb.server().user(),
                ShopWriter.TABLES, "[{type: jsonl, path: out/events.jsonl}]", "max_batch_events: " + MAX_BATCH_EVENTS,
                "reconnect: {initial_backoff: 100ms, max_backoff: 1s}"));
        ShopWriter writer = new ShopWriter(mariadb, seed, 8);
        Thread writerThread = new Thread(writer, "shop-writer");
        List<DaemonProcess> daemons = new ArrayList<>();
        String context = "seed " + seed + ", files in " + dir;
        try {
            long connectionsBefore = E2e.lastConnectionId(mariadb);
            DaemonProcess daemon = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString());
            daemons.add(daemon);
            // a first start reads from the end of the binlog: the writer starts once the daemon's client is connected
            DaemonProcess first = daemon;
            E2e.awaitTrue("the daemon's binlog client", Duration.ofSeconds(60),
                    () -> E2e.binlogDumpsSince(mariadb, connectionsBefore) > 0 || !first.isAlive(),
                    () -> context + "\n" + first.stderr());
            assertThat(first.isAlive()).as("first daemon runs; stderr:%n%s", first.stderr()).isTrue();
            writerThread.start();

            long sizeAtLastKill = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                DaemonProcess d = daemon;
                long since = sizeAtLastKill;
                // streaming again: the file grew past what the last incarnation left, then a random moment
                E2e.awaitTrue("incarnation " + kill + " to write", Duration.ofSeconds(60),
                        () -> E2e.size(jsonl) > since || !d.isAlive(), () -> context + "\n" + d.stderr());
                Thread.sleep(random.nextInt(1500));
                assertThat(daemon.isAlive()).as("incarnation %d still runs (%s); stderr:%n%s", kill, context,
                        daemon.stderr()).isTrue();
                assertThat(daemon.kill()).as("exit code of SIGKILL").isEqualTo(128 + 9);
                assertThat(writer.failure()).as("writer").isNull();
                sizeAtLastKill = E2e.size(jsonl);
                daemon = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString());
                daemons.add(daemon);
            }
            DaemonProcess last = daemon;
            long sinceLastKill = sizeAtLastKill;
            E2e.awaitTrue("the last incarnation to write", Duration.ofSeconds(60),
                    () -> E2e.size(jsonl) > sinceLastKill || !last.isAlive(), () -> context + "\n" + last.stderr());
            E2e.finishWritingAndStop(writer, writerThread, last, jsonl, context);
            assertThat(last.stderr()).as("the last incarnation resumed from a binlog checkpoint")
                    .containsPattern("resume after \\d+-\\d+-\\d+\\|mariadb-bin\\.\\d+\\|\\d+");

            StreamOracle.assertExactlyOnceInCommitOrder(E2e.readJsonl(jsonl), writer.committed(), mariadb);
            assertThat(writer.committed()).as("large transactions, split into parts by the batch bound")
                    .anyMatch(c -> c.changes().size() > MAX_BATCH_EVENTS);
        } finally {
            writer.stop();
            writerThread.join(30_000);
            for (DaemonProcess d : daemons) {
                d.close();
            }
        }
    }
}
