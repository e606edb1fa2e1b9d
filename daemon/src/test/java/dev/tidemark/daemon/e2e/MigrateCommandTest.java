package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tidemark migrate}: creates the checkpoint table, is safe to repeat, honours a custom schema. */
class MigrateCommandTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static boolean tableExists(String schema, String table) {
        return pg.queryScalar("SELECT to_regclass(?)", "\"" + schema + "\".\"" + table + "\"") != null;
    }

    @Test
    void migrateCreatesTheCheckpointTableAndIsIdempotent() throws Exception {
        pg.execute("CREATE TABLE \"orders\" (\"id\" bigint PRIMARY KEY)");
        Path dir = E2e.workDir(getClass(), "default");
        Path config = E2e.writeConfig(dir, E2e.pipeline("mig", pg, pg.server().user(), List.of("public.orders"),
                "[{type: stdout}]"));
        InProcessCli cli = new InProcessCli(dir);
        assertThat(tableExists("tidemark", "checkpoints")).isFalse();

        InProcessCli.Result first = cli.execute("migrate", "--config", config.toString());
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.out()).startsWith("OK   schema tidemark on " + E2e.sourceUrl(pg))
                .contains("(pipelines mig): checkpoint table up to date");
        assertThat(tableExists("tidemark", "checkpoints")).isTrue();
        long changesets = pg.queryLong("SELECT count(*) FROM tidemark.databasechangelog");
        assertThat(changesets).isPositive();

        pg.execute("INSERT INTO tidemark.checkpoints (pipeline, source_kind, position, updated_at)"
                + " VALUES ('keep', 'postgresql', '0/1', now())");
        InProcessCli.Result again = cli.execute("migrate", "--config", config.toString());
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.out()).contains("checkpoint table up to date");
        assertThat(pg.queryLong("SELECT count(*) FROM tidemark.databasechangelog")).as("changesets run once")
                .isEqualTo(changesets);
        assertThat(pg.queryLong("SELECT count(*) FROM tidemark.checkpoints")).as("rows kept").isOne();
    }

    @Test
    void migrateAndRunUseACustomCheckpointSchema() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS \"items\" (\"id\" bigint PRIMARY KEY)");
        Path dir = E2e.workDir(getClass(), "custom");
        Path jsonl = dir.resolve("items.jsonl");
        Path config = E2e.writeConfig(dir, E2e.pipeline("custom", pg, pg.server().user(), List.of("public.items"),
                "[{type: jsonl, path: items.jsonl}]", "checkpoint: {schema: cdc_state, auto_migrate: false}"));
        InProcessCli cli = new InProcessCli(dir);

        InProcessCli.Result migrate = cli.execute("migrate", "--config", config.toString());
        assertThat(migrate.exitCode()).as("%s", migrate).isZero();
        assertThat(migrate.out()).startsWith("OK   schema cdc_state on ");
        assertThat(tableExists("cdc_state", "checkpoints")).isTrue();
        assertThat(tableExists("cdc_state", "databasechangelog")).as("Liquibase's history beside it").isTrue();

        // run, with auto_migrate off, keeps its checkpoint there
        InProcessCli.Running run = cli.start("run", "--config", config.toString());
        E2e.awaitTrue("the pipeline's slot", Duration.ofSeconds(30), () -> E2e.slotStreaming(pg, "tidemark_custom"),
                () -> "run ended: " + run.isDone());
        pg.execute("INSERT INTO \"items\" VALUES (1)");
        E2e.awaitTrue("the event", Duration.ofSeconds(30), () -> E2e.lineCount(jsonl) == 1, () -> "run ended: " + run.isDone());
        InProcessCli.Result stopped = run.stop();
        assertThat(stopped.exitCode()).as("%s", stopped).isZero();

        assertThat(pg.queryLong("SELECT count(*) FROM cdc_state.checkpoints WHERE pipeline = 'custom'")).isOne();
        assertThat(!tableExists("tidemark", "checkpoints")
                || pg.queryLong("SELECT count(*) FROM tidemark.checkpoints WHERE pipeline = 'custom'") == 0)
                .as("nothing stored in the default schema").isTrue();
    }
}
