package dev.tidemark.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.PostgresExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A password written into a JDBC url ({@code ?password=…}) is never shown: not in the effective
 * configuration {@code run} logs, not in {@code check}'s lines, not in errors. The private server
 * trusts every login, so the passwords here are accepted and ignored.
 */
class SecretsInUrlsTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    private static final String SOURCE_SECRET = "srcS3cret" + E2e.unique("x");
    private static final String CHECKPOINT_SECRET = "cpS3cret" + E2e.unique("y");

    @BeforeAll
    static void schema() {
        pg.execute("CREATE TABLE \"orders\" (\"id\" bigint PRIMARY KEY, \"note\" text)",
                "ALTER TABLE \"orders\" REPLICA IDENTITY FULL");
    }

    private static Path config(String name, String sourceUrl) throws Exception {
        Path dir = E2e.workDir(SecretsInUrlsTest.class, name);
        Path config = dir.resolve("tidemark.yaml");
        Files.writeString(config, """
                pipelines:
                  - name: %s
                    source:
                      type: postgres
                      url: '%s'
                      user: %s
                      tables: [public.orders]
                      heartbeat_interval: 1s
                    sinks: [{type: jsonl, path: out.jsonl}]
                    reconnect: {max_attempts: 1}
                    checkpoint: {url: '%s'}
                """.formatted(name, sourceUrl, pg.server().user(),
                E2e.sourceUrl(pg) + "?ApplicationName=tm&password=" + CHECKPOINT_SECRET), StandardCharsets.UTF_8);
        return config;
    }

    private static void assertNoSecret(DaemonProcess p) {
        assertThat(p.stdout() + p.stderr()).as("output of %s", p).doesNotContain(SOURCE_SECRET)
                .doesNotContain(CHECKPOINT_SECRET);
    }

    @Test
    void runAndCheckNeverPrintAPasswordFromTheUrl() throws Exception {
        String name = E2e.unique("secret");
        Path config = config(name, E2e.sourceUrl(pg) + "?password=" + SOURCE_SECRET + "&ssl=false");
        Path dir = config.getParent();

        DaemonProcess check = DaemonProcess.start(dir, Map.of(), "check", "--config", config.toString());
        assertThat(check.awaitExit(Duration.ofSeconds(60))).as("check; %s %s", check.stdout(), check.stderr()).isZero();
        assertThat(check.stdout()).contains("password=****");
        assertNoSecret(check);

        try (DaemonProcess run = DaemonProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            E2e.awaitTrue("the pipeline streaming", Duration.ofSeconds(60),
                    () -> !run.isAlive() || E2e.slotStreaming(pg, "tidemark_" + name), run::stderr);
            assertThat(run.isAlive()).as("daemon runs; stderr:%n%s", run.stderr()).isTrue();
            assertThat(run.stderr()).as("the effective configuration is logged, masked").contains("password=****");
            run.sigterm();
            assertThat(run.awaitExit(Duration.ofSeconds(30))).isZero();
            assertNoSecret(run);
        }
    }

    @Test
    void errorsAboutAnUnreachableOrMalformedUrlDoNotRepeatItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String name = E2e.unique("down");
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closedPort + "/" + pg.database() + "?password="
                + SOURCE_SECRET;
        Path config = config(name, unreachable);
        DaemonProcess check = DaemonProcess.start(config.getParent(), Map.of(), "check", "--config", config.toString());
        assertThat(check.awaitExit(Duration.ofSeconds(60))).as("check; %s", check.stdout()).isOne();
        assertThat(check.stdout()).contains("FAIL").contains(":" + closedPort);
        assertNoSecret(check);

        Path bad = config(E2e.unique("bad"), "jdbc:postgres://127.0.0.1/db?password=" + SOURCE_SECRET);
        DaemonProcess refused = DaemonProcess.start(bad.getParent(), Map.of(), "check", "--config", bad.toString());
        assertThat(refused.awaitExit(Duration.ofSeconds(60))).as("bad url; %s", refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("source.url").contains("password=****");
        assertNoSecret(refused);
    }
}
