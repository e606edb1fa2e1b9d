package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM and SIGINT stop a real daemon gracefully: exit code 0, the checkpoint of the last batch
 * stored (and shown by {@code status}), and the next run continues where it stopped.
 */
class GracefulStopTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void sigtermAndSigintExitZeroWithTheCheckpointStoredAndEachRestartContinuesWithoutDuplicates() throws Exception {
        pg.execute(ShopWriter.createTables(pg));
        Path dir = E2e.workDir(getClass(), "signals");
        Path jsonl = dir.resolve("out/events.jsonl");
        Path config = E2e.writeConfig(dir, E2e.pipeline("graceful", pg, pg.server().user(),
                List.of("public.orders", "public.lines"), "[{type: jsonl, path: out/events.jsonl}]",
                "max_batch_events: 100"));
        InProcessCli cli = new InProcessCli(dir);
        ShopWriter writer = new ShopWriter(pg, System.nanoTime(), 10);
        Thread writerThread = new Thread(writer, "shop-writer");
        List<DaemonProcess> daemons = new ArrayList<>();
        try {
            DaemonProcess first = start(dir, config, daemons);
            E2e.awaitTrue("the replication slot", Duration.ofSeconds(60), () -> E2e.slotStreaming(pg, "tidemark_graceful"),
                    first::stderr);
            writerThread.start();

            // SIGTERM while streaming
            awaitWriting(first, jsonl, 0);
            first.sigterm();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM; stderr:%n%s", first.stderr())
                    .isZero();
            assertThat(first.stderr()).contains("stop requested by signal", "all pipelines stopped");
            assertCheckpointCoversTheFile(cli, config, jsonl);

            // the writer goes on while no daemon runs; SIGINT stops the next one as gracefully
            int committedAtStop = writer.committed().size();
            E2e.awaitTrue("the writer to commit while no daemon runs", Duration.ofSeconds(60),
                    () -> writer.committed().size() >= committedAtStop + 3 || writer.failure() != null, first::stderr);
            assertThat(writer.failure()).as("writer").isNull();
            long sizeAfterFirst = E2e.size(jsonl);
            DaemonProcess second = start(dir, config, daemons);
            awaitWriting(second, jsonl, sizeAfterFirst);
            second.sigint();
            assertThat(second.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGINT; stderr:%n%s", second.stderr())
                    .isZero();
            assertThat(second.stderr()).contains("stop requested by signal", "all pipelines stopped")
                    .containsPattern("resume after [0-9A-F]+/[0-9A-F]+");
            assertCheckpointCoversTheFile(cli, config, jsonl);

            // the third run catches up with everything, and the file holds it all once
            DaemonProcess third = start(dir, config, daemons);
            awaitWriting(third, jsonl, E2e.size(jsonl));
            writer.stop();
            writerThread.join(30_000);
            assertThat(writer.failure()).as("writer").isNull();
            long expected = writer.committedChanges();
            E2e.awaitTrue("the daemon to catch up with " + expected + " changes", Duration.ofSeconds(60),
                    () -> E2e.lineCount(jsonl) >= expected || !third.isAlive(), third::stderr);
            third.sigterm();
            assertThat(third.awaitExit(Duration.ofSeconds(30))).as("exit code; stderr:%n%s", third.stderr()).isZero();

            StreamOracle.assertExactlyOnceInCommitOrder(E2e.readJsonl(jsonl), writer.committed(), pg);
        } finally {
            writer.stop();
            writerThread.join(30_000);
            for (DaemonProcess d : daemons) {
                d.close();
            }
        }
    }

    private static DaemonProcess start(Path dir, Path config, List<DaemonProcess> daemons) {
        DaemonProcess d = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString());
        daemons.add(d);
        return d;
    }

    /** Waits until the daemon wrote past {@code sizeBefore} and then wrote more: it is streaming, not starting. */
    private static void awaitWriting(DaemonProcess d, Path jsonl, long sizeBefore) {
        E2e.awaitTrue("the daemon to write past byte " + sizeBefore, Duration.ofSeconds(60),
                () -> E2e.size(jsonl) > sizeBefore || !d.isAlive(), d::stderr);
        long grown = E2e.size(jsonl);
        E2e.awaitTrue("the daemon to go on writing past byte " + grown, Duration.ofSeconds(60),
                () -> E2e.size(jsonl) > grown || !d.isAlive(), d::stderr);
        assertThat(d.isAlive()).as("daemon still runs; stderr:%n%s", d.stderr()).isTrue();
    }

    /**
     * After a graceful stop the batch in hand was finished and checkpointed: the stored checkpoint
     * (as {@code status} shows it) is at or past the file's last event, and the file length stored
     * with it is the file's length, so the next run has nothing to cut back.
     */
    private static void assertCheckpointCoversTheFile(InProcessCli cli, Path config, Path jsonl) throws Exception {
        InProcessCli.Result status = cli.execute("status", "--json", "--config", config.toString());
        assertThat(status.exitCode()).as("%s", status).isZero();
        JsonNode p = E2e.JSON.readTree(status.out()).path("pipelines").path(0);
        assertThat(p.path("name").asText()).isEqualTo("graceful");
        PgPosition checkpoint = PgPosition.parse(p.path("checkpoint").path("position").asText());

        List<JsonNode> events = E2e.readJsonl(jsonl);
        JsonNode last = events.get(events.size() - 1);
        String txId = last.path("transaction").path("id").asText();
        PgPosition lastEvent = new PgPosition(new Lsn(Long.parseLong(txId.substring(txId.indexOf(':') + 1))),
                last.path("transaction").path("total_order").asLong());
        assertThat(checkpoint).as("checkpoint vs the file's last event %s", last).isGreaterThanOrEqualTo(lastEvent);

        String sinkState = (String) pg.queryScalar("SELECT sink_state FROM tidemark.checkpoints WHERE pipeline = 'graceful'");
        JsonNode states = E2e.JSON.readTree(sinkState);
        assertThat(states.path("jsonl:" + jsonl).asLong(-1)).as("stored length of %s in %s", jsonl, sinkState)
                .isEqualTo(E2e.size(jsonl));
    }
}
