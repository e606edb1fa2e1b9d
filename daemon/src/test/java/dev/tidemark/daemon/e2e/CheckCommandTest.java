package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tidemark check} against a real server: exit 0 on a ready setup, and a FAIL or WARN line
 * naming the problem and its fix for each way a setup can be wrong. (wal_level is in
 * {@link WalLevelReplicaTest}, which needs a server of its own.)
 */
class CheckCommandTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static final String NO_REPLICATION_ROLE = E2e.unique("cdc_norepl");

    @BeforeAll
    static void schema() {
        pg.execute(
                "CREATE TABLE \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)",
                "ALTER TABLE \"orders\" REPLICA IDENTITY FULL",
                "CREATE TABLE \"customers\" (\"id\" bigint PRIMARY KEY, \"name\" text)",
                "CREATE ROLE \"" + NO_REPLICATION_ROLE + "\" LOGIN",
                "GRANT SELECT ON \"orders\" TO \"" + NO_REPLICATION_ROLE + "\"");
    }

    @AfterAll
    static void dropRole() {
        pg.execute("DROP OWNED BY \"" + NO_REPLICATION_ROLE + "\"", "DROP ROLE \"" + NO_REPLICATION_ROLE + "\"");
    }

    private static InProcessCli.Result check(String name, String user, List<String> tables, String... extra) {
        Path dir = E2e.workDir(CheckCommandTest.class, name);
        Path config = E2e.writeConfig(dir, E2e.pipeline(name, pg, user, tables, "[{type: jsonl, path: out.jsonl}]",
                extra));
        return new InProcessCli(dir).execute("check", "--config", config.toString());
    }

    /** The check's line about {@code what} of pipeline {@code name}, e.g. {@code FAIL [p] wal_level: ...}. */
    private static String line(InProcessCli.Result r, String name, String what) {
        return r.out().lines().filter(l -> l.contains("[" + name + "] " + what + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no line about " + what + " in\n" + r));
    }

    @Test
    void aReadySetupPassesWithExitCodeZero() {
        // a checkpoint schema of its own: as on a database Tidemark never ran on, whichever test ran before
        InProcessCli.Result r = check("ready", pg.server().user(), List.of("public.orders"),
                "checkpoint: {schema: " + E2e.unique("fresh") + "}");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).doesNotContain("FAIL").doesNotContain("WARN")
                .contains("1 pipeline(s) checked: 0 failure(s), 0 warning(s)");
        assertThat(line(r, "ready", "wal_level")).startsWith("OK");
        assertThat(line(r, "ready", "replication_privilege")).startsWith("OK");
        assertThat(line(r, "ready", "table public.orders")).startsWith("OK").contains("REPLICA IDENTITY FULL");
        assertThat(line(r, "ready", "slot")).startsWith("OK").contains("will be created at start");
        assertThat(line(r, "ready", "checkpoint")).startsWith("OK").contains("run creates it").contains("first run");
    }

    @Test
    void aMissingCheckpointTableFailsWhenAutoMigrateIsOff() {
        String schema = E2e.unique("manual");
        InProcessCli.Result r = check("manual", pg.server().user(), List.of("public.orders"),
                "checkpoint: {schema: " + schema + ", auto_migrate: false}");

        assertThat(r.exitCode()).as("%s", r).isOne();
        assertThat(line(r, "manual", "checkpoint")).startsWith("FAIL").contains(schema + ".checkpoints does not exist")
                .contains("run 'tidemark migrate' first");
    }

    @Test
    void aUserWithoutTheReplicationAttributeFailsNamingTheFix() {
        InProcessCli.Result r = check("norepl", NO_REPLICATION_ROLE, List.of("public.orders"));

        assertThat(r.exitCode()).as("%s", r).isOne();
        assertThat(line(r, "norepl", "replication_privilege")).startsWith("FAIL")
                .contains("'" + NO_REPLICATION_ROLE + "' lacks the REPLICATION attribute")
                .contains("ALTER ROLE \"" + NO_REPLICATION_ROLE + "\" REPLICATION");
    }

    @Test
    void aMissingTableFails() {
        InProcessCli.Result r = check("missing", pg.server().user(), List.of("public.orders", "public.nowhere"));

        assertThat(r.exitCode()).as("%s", r).isOne();
        assertThat(line(r, "missing", "table public.nowhere")).startsWith("FAIL")
                .contains("public.nowhere does not exist").contains("tables list");
        assertThat(line(r, "missing", "table public.orders")).startsWith("OK");
    }

    @Test
    void replicaIdentityDefaultIsAWarningThatNamesTheFix() {
        InProcessCli.Result r = check("identity", pg.server().user(), List.of("public.customers"));

        assertThat(r.exitCode()).as("a warning alone passes: %s", r).isZero();
        assertThat(line(r, "identity", "table public.customers")).startsWith("WARN")
                .contains("REPLICA IDENTITY DEFAULT")
                .contains("ALTER TABLE \"public\".\"customers\" REPLICA IDENTITY FULL");
        assertThat(r.out()).contains("0 failure(s), 1 warning(s)");
    }

    @Test
    void aSlotConfirmedPastTheCheckpointFails() throws Exception {
        String name = "consumed";
        Path dir = E2e.workDir(CheckCommandTest.class, name);
        Path config = E2e.writeConfig(dir, E2e.pipeline(name, pg, pg.server().user(), List.of("public.orders"),
                "[{type: jsonl, path: out.jsonl}]"));
        InProcessCli cli = new InProcessCli(dir);
        // a run creates the slot and stores a checkpoint
        InProcessCli.Running run = cli.start("run", "--config", config.toString());
        E2e.awaitTrue("the pipeline's slot", java.time.Duration.ofSeconds(30), () -> E2e.slotStreaming(pg, "tidemark_consumed"),
                () -> "run ended: " + run.isDone());
        pg.execute("INSERT INTO \"orders\" VALUES (1, 'one')");
        E2e.awaitTrue("the first event", java.time.Duration.ofSeconds(30),
                () -> E2e.lineCount(dir.resolve("out.jsonl")) == 1, () -> "run ended: " + run.isDone());
        assertThat(run.stop().exitCode()).isZero();
        E2e.awaitTrue("the server to release the slot", java.time.Duration.ofSeconds(30),
                () -> E2e.slotReleased(pg, "tidemark_consumed"), () -> "");
        assertThat(check(name, pg.server().user(), List.of("public.orders")).exitCode()).as("before").isZero();

        // someone else consumes the slot past the checkpoint
        pg.execute("INSERT INTO \"orders\" VALUES (2, 'two')");
        pg.queryScalar("SELECT pg_replication_slot_advance('tidemark_consumed', pg_current_wal_lsn())");

        InProcessCli.Result r = cli.execute("check", "--config", config.toString());
        assertThat(r.exitCode()).as("%s", r).isOne();
        assertThat(line(r, name, "slot")).startsWith("FAIL").contains("past the checkpoint")
                .contains("another consumer took changes").contains("delete the checkpoint row");
    }
}
