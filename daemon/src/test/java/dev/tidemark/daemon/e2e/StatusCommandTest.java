package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tidemark status} after a real run: checkpoint, lag in bytes and the slot, as text and JSON. */
class StatusCommandTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void statusBeforeTheFirstRunShowsNoCheckpointAndNoSlotWithoutError() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)");
        Path dir = E2e.workDir(getClass(), "fresh");
        // a checkpoint schema of its own: as on a database Tidemark never ran on
        Path config = E2e.writeConfig(dir, E2e.pipeline("never", pg, pg.server().user(), List.of("public.orders"),
                "[{type: stdout}]", "checkpoint: {schema: " + E2e.unique("fresh") + "}"));

        InProcessCli.Result text = new InProcessCli(dir).execute("status", "--config", config.toString());

        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.out()).containsPattern("checkpoint: +none stored yet").containsPattern("lag: +-\\n")
                .containsPattern("slot_state: +missing").doesNotContain("error:");
    }

    @Test
    void statusShowsTheCheckpointTheLagAndTheSlotAsTextAndJson() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)");
        Path dir = E2e.workDir(getClass(), "status");
        Path jsonl = dir.resolve("out.jsonl");
        Path config = E2e.writeConfig(dir, E2e.pipeline("stat", pg, pg.server().user(), List.of("public.orders"),
                "[{type: jsonl, path: out.jsonl}]"));
        InProcessCli cli = new InProcessCli(dir);

        InProcessCli.Running run = cli.start("run", "--config", config.toString());
        E2e.awaitTrue("the pipeline's slot", Duration.ofSeconds(30), () -> E2e.slotStreaming(pg, "tidemark_stat"),
                () -> "run ended: " + run.isDone());
        pg.execute("INSERT INTO \"orders\" VALUES (1, 'one'), (2, 'two')", "INSERT INTO \"orders\" VALUES (3, 'three')");
        E2e.awaitTrue("three events", Duration.ofSeconds(30), () -> E2e.lineCount(jsonl) == 3,
                () -> "run ended: " + run.isDone());

        InProcessCli.Result whileRunning = cli.execute("status", "--config", config.toString());
        assertThat(whileRunning.exitCode()).as("%s", whileRunning).isZero();
        assertThat(whileRunning.out()).containsPattern("slot_state: +active \\(pid \\d+\\)");

        assertThat(run.stop().exitCode()).isZero();
        E2e.awaitTrue("the server to release the slot", Duration.ofSeconds(30), () -> E2e.slotReleased(pg, "tidemark_stat"),
                () -> "");
        // changes the stopped pipeline has not read: the slot retains them
        pg.execute("INSERT INTO \"orders\" SELECT g, repeat('x', 100) FROM generate_series(4, 200) g");

        InProcessCli.Result text = cli.execute("status", "--config", config.toString());
        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.out()).startsWith("stat (postgres)\n")
                .containsPattern("checkpoint: +[0-9A-F]+/[0-9A-F]+(#\\d+)? \\(postgresql\\)")
                .containsPattern("last commit time: +\\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("updated at: +\\d{4}-\\d\\d-\\d\\dT")
                .containsPattern("lag: +[1-9]\\d* bytes")
                .containsPattern("connector: +postgresql")
                .containsPattern("slot: +tidemark_stat")
                .containsPattern("publication: +tidemark_stat")
                .containsPattern("slot_state: +inactive")
                .containsPattern("confirmed_flush_lsn: +[0-9A-F]+/[0-9A-F]+")
                .containsPattern("restart_lsn: +[0-9A-F]+/[0-9A-F]+")
                .containsPattern("retained_wal_bytes: +[1-9]\\d*")
                .doesNotContain("error:");

        InProcessCli.Result json = cli.execute("status", "--json", "--config", config.toString());
        assertThat(json.exitCode()).as("%s", json).isZero();
        JsonNode p = E2e.JSON.readTree(json.out()).path("pipelines");
        assertThat(p.size()).isOne();
        JsonNode s = p.path(0);
        assertThat(s.path("name").asText()).isEqualTo("stat");
        assertThat(s.path("source_type").asText()).isEqualTo("postgres");
        assertThat(s.path("connector").asText()).isEqualTo("postgresql");
        assertThat(s.path("errors").size()).isZero();
        assertThat(s.path("checkpoint").path("kind").asText()).isEqualTo("postgresql");
        PgPosition checkpoint = PgPosition.parse(s.path("checkpoint").path("position").asText());
        assertThat(text.out()).contains(checkpoint.format());
        assertThat(s.path("checkpoint").path("last_commit_time").isTextual()).isTrue();

        JsonNode details = s.path("details");
        assertThat(details.path("slot").asText()).isEqualTo("tidemark_stat");
        assertThat(details.path("slot_state").asText()).isEqualTo("inactive");
        Lsn confirmed = Lsn.parse(details.path("confirmed_flush_lsn").asText());
        Lsn server = Lsn.parse(details.path("server_wal_lsn").asText());
        // the slot is confirmed up to the checkpoint at most: never past what was stored
        assertThat(confirmed).isLessThanOrEqualTo(checkpoint.commitLsn());
        long lag = s.path("lag_bytes").asLong();
        assertThat(lag).as("bytes from the slot's confirmed position to the server's").isEqualTo(server.value() - confirmed.value())
                .isGreaterThan(197 * 100);
        assertThat(text.out()).containsPattern("lag: +\\d+ bytes");
    }
}
