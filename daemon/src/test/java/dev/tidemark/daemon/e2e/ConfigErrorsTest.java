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
 * {@code tidemark run} with a configuration it cannot use: the process exits 2 with one message
 * naming the key path, before touching the database.
 */
class ConfigErrorsTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static final String UNSET_VARIABLE = "TIDEMARK_E2E_NEVER_SET_PASSWORD";

    private static void assertNothingTouched() {
        assertThat(pg.queryLong("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
        assertThat(pg.queryScalar("SELECT to_regnamespace('tidemark')")).as("tidemark schema").isNull();
    }

    @Test
    void anUnknownKeyExitsTwoNamingItsPath() throws Exception {
        Path dir = E2e.workDir(getClass(), "unknown-key");
        Path config = E2e.writeConfig(dir, E2e.pipeline("typo", pg, pg.server().user(), List.of("public.orders"),
                "[{type: jsonl, pathh: out.jsonl}]"));

        try (DaemonProcess d = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            assertThat(d.awaitExit(Duration.ofSeconds(60))).as("exit code; stderr:%n%s", d.stderr()).isEqualTo(2);
            assertThat(d.stderr()).startsWith("tidemark: ")
                    .contains("pipelines[0].sinks[0].pathh: unknown key (did you mean 'path'?)")
                    .contains("pipelines[0].sinks[0].path: missing");
            assertThat(d.stdout()).isEmpty();
        }
        assertNothingTouched();
    }

    @Test
    void aMissingPasswordVariableExitsTwoNamingTheVariableAndTheKey() throws Exception {
        assertThat(System.getenv(UNSET_VARIABLE)).as("the test needs %s unset", UNSET_VARIABLE).isNull();
        Path dir = E2e.workDir(getClass(), "missing-variable");
        Path config = E2e.writeConfig(dir, E2e.pipeline("secret", pg, pg.server().user(), List.of("public.orders"),
                "[{type: jsonl, path: out.jsonl}]").replace("      user: ",
                "      password: ${" + UNSET_VARIABLE + "}\n      user: "));

        try (DaemonProcess d = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            assertThat(d.awaitExit(Duration.ofSeconds(60))).as("exit code; stderr:%n%s", d.stderr()).isEqualTo(2);
            assertThat(d.stderr()).startsWith("tidemark: ")
                    .contains("pipelines[0].source.password")
                    .contains("environment variable " + UNSET_VARIABLE + " is not set");
        }
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
        assertNothingTouched();
    }
}
