package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server with {@code wal_level=replica}: check names the setting and its fix, run refuses to stream. */
class WalLevelReplicaTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.dedicatedServer();

    @BeforeAll
    static void walLevelReplica() {
        pg.execute("CREATE TABLE \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)",
                "ALTER TABLE \"orders\" REPLICA IDENTITY FULL",
                "INSERT INTO \"orders\" VALUES (1, 'before')");
        pg.server().execute(pg.server().adminDatabase(), "ALTER SYSTEM SET wal_level = replica");
        pg.server().restart();
        assertThat(pg.server().setting("wal_level")).isEqualTo("replica");
    }

    private static Path config(Path dir, String name) {
        return E2e.writeConfig(dir, E2e.pipeline(name, pg, pg.server().user(), List.of("public.orders"),
                "[{type: jsonl, path: out/events.jsonl}]"));
    }

    @Test
    void checkFailsNamingWalLevelAndTheFix() {
        Path dir = E2e.workDir(getClass(), "check");
        InProcessCli.Result r = new InProcessCli(dir).execute("check", "--config", config(dir, "replica").toString());

        assertThat(r.exitCode()).as("%s", r).isOne();
        assertThat(r.out().lines().filter(l -> l.startsWith("FAIL")))
                .as("%s", r).singleElement().asString()
                .startsWith("FAIL [replica] wal_level: wal_level is 'replica'")
                .contains("ALTER SYSTEM SET wal_level = logical").contains("restart the server");
    }

    @Test
    void runExitsWithTheWalLevelMessageAndWritesNothing() throws Exception {
        Path dir = E2e.workDir(getClass(), "run");
        Path config = config(dir, "replica_run");
        pg.execute("INSERT INTO \"orders\" VALUES (2, 'while no slot can exist')");

        try (DaemonProcess daemon = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            int exit = daemon.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).as("exit code; stderr:%n%s", daemon.stderr()).isOne();
            assertThat(daemon.stderr()).contains("tidemark: pipeline replica_run failed: wal_level is 'replica'")
                    .contains("ALTER SYSTEM SET wal_level = logical");
            assertThat(daemon.stdout()).isEmpty();
        }
        Path jsonl = dir.resolve("out/events.jsonl");
        assertThat(E2e.size(jsonl)).as("bytes in %s", jsonl).isZero();
        assertThat(dir.resolve("out/events.jsonl.tidemark-new")).doesNotExist();
        assertThat(pg.queryLong("SELECT count(*) FROM pg_replication_slots")).as("slots").isZero();
        assertThat(pg.queryLong("SELECT count(*) FROM pg_publication")).as("publications").isZero();
        assertThat(pg.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'checkpoints'"
                + " AND schemaname = 'tidemark'") == 0
                || pg.queryLong("SELECT count(*) FROM tidemark.checkpoints") == 0).as("no checkpoint stored").isTrue();
    }
}
