package dev.tidemark.daemon.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.daemon.internal.runtime.DefaultComponents;
import dev.tidemark.daemon.internal.runtime.FakeComponents;
import dev.tidemark.daemon.internal.runtime.ScriptedSource;
import dev.tidemark.engine.SourceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliExitCodesTest {
    /** Nothing listens on port 1 of the loopback: connections are refused at once. */
    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/shop";

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("tidemark.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String pipeline(String name, String url) {
        return """
                  - name: %s
                    source: {type: postgres, url: '%s', user: postgres, password: hunter2, tables: [public.orders]}
                    sinks: [{type: jsonl, path: out/%s.jsonl}]
                """.formatted(name, url, name);
    }

    private Cli cli() {
        return new Cli(new DefaultComponents(), dir, Map.of());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli cli = cli();
        assertThat(cli.execute("frobnicate")).isEqualTo(2);
        assertThat(cli.err()).startsWith("tidemark: Unmatched argument at index 0: 'frobnicate'")
                .contains("Try 'tidemark --help' for usage.");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli cli = cli();
        assertThat(cli.execute("chek")).isEqualTo(2);
        assertThat(cli.err()).contains("check");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli cli = cli();
        assertThat(cli.execute()).isEqualTo(2);
        assertThat(cli.err()).startsWith("tidemark: a command is required: run, check, status, migrate or demo");
    }

    @Test
    void aMissingConfigOptionIsAUsageError() {
        Cli cli = cli();
        assertThat(cli.execute("run")).isEqualTo(2);
        assertThat(cli.err()).startsWith("tidemark: Missing required option: '--config=FILE'")
                .contains("Try 'tidemark run --help' for usage.");
    }

    @Test
    void aMissingConfigFileIsAConfigError() {
        Cli cli = cli();
        Path missing = dir.resolve("nope.yaml");
        assertThat(cli.execute("check", "--config", missing.toString())).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("tidemark: config file " + missing
                + " does not exist: check the --config path" + System.lineSeparator());
    }

    @Test
    void anInvalidConfigListsEveryProblemWithoutAStackTrace() throws Exception {
        Path file = write("""
                pipelines:
                  - name: shop
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t]}
                    max_batch_events: lots
                    sinks:
                      - type: jsonl
                        pathh: out/x.jsonl
                """);
        for (String command : new String[] {"run", "check", "status", "migrate"}) {
            Cli cli = cli();
            assertThat(cli.execute(command, "-c", file.toString())).as(command).isEqualTo(2);
            assertThat(cli.err()).as(command).isEqualTo(String.join(System.lineSeparator(),
                    "tidemark: 3 configuration problems:",
                    "  - pipelines[0].sinks[0].pathh: unknown key (did you mean 'path'?)",
                    "  - pipelines[0].sinks[0].path: missing (required: the file to append to, e.g. out/events.jsonl)",
                    "  - pipelines[0].max_batch_events: expected an integer, got 'lots'",
                    ""));
            assertThat(cli.out()).as(command).isEmpty();
        }
    }

    @Test
    void verbosePrintsTheStackTraceToo() throws Exception {
        Path file = write("pipelines: []\n");
        Cli cli = cli();
        assertThat(cli.execute("check", "--verbose", "-c", file.toString())).isEqualTo(2);
        assertThat(cli.err()).startsWith("tidemark: pipelines: is empty: configure at least one pipeline")
                .contains("dev.tidemark.engine.ConfigException").contains("\tat ");
        Cli before = cli();
        assertThat(before.execute("-v", "check", "-c", file.toString())).isEqualTo(2);
        assertThat(before.err()).contains("\tat ");
    }

    @Test
    void helpAndVersionSucceed() {
        Cli help = cli();
        assertThat(help.execute("--help")).isZero();
        assertThat(help.out()).contains("run", "check", "status", "migrate", "demo", "Exit codes:");
        Cli version = cli();
        assertThat(version.execute("--version")).isZero();
        assertThat(version.out()).startsWith("tidemark ");
        Cli runHelp = cli();
        assertThat(runHelp.execute("run", "--help")).isZero();
        assertThat(runHelp.out()).contains("--config=FILE");
    }

    @Test
    void demoRejectsANonPositiveDuration() {
        Cli cli = cli();
        assertThat(cli.execute("demo", "--seconds", "0")).isEqualTo(2);
        assertThat(cli.err()).contains("--seconds");
    }

    @Test
    void mysqlPipelinesRunLikeOthersAndAnUnreachableServerIsNamedByEveryCommand() throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:1/shop";
        Path file = write("""
                pipelines:
                  - name: legacy
                    source: {type: mysql, url: '%s', user: cdc, password: hunter2, tables: [shop.orders]}
                    sinks: [{type: stdout}]
                """.formatted(url));

        Cli check = cli();
        assertThat(check.execute("check", "-c", file.toString())).isEqualTo(1);
        assertThat(check.out()).contains("FAIL [legacy] checkpoint database: cannot connect to the checkpoint database "
                + url + " as cdc: ").containsPattern("(?m)^FAIL \\[legacy] (source|connection)[^:]*: .*127\\.0\\.0\\.1:1")
                .doesNotContain("hunter2");
        assertThat(check.err()).isEmpty();

        Cli status = cli();
        assertThat(status.execute("status", "-c", file.toString())).isEqualTo(1);
        assertThat(status.out()).startsWith("legacy (mysql)")
                .contains("  error:             checkpoint: cannot connect to the checkpoint database " + url)
                .doesNotContain("hunter2");

        Cli migrate = cli();
        assertThat(migrate.execute("migrate", "-c", file.toString())).isEqualTo(1);
        assertThat(migrate.out()).startsWith("FAIL schema tidemark on " + url + " (pipelines legacy): cannot connect");

        Cli run = cli();
        assertThat(run.execute("run", "-c", file.toString())).isEqualTo(1);
        assertThat(run.err()).startsWith("tidemark: cannot connect to the checkpoint database " + url)
                .doesNotContain("\tat ").doesNotContain("hunter2");
    }

    @Test
    void checkReportsAnUnreachableDatabaseAsFailAndExitsOne() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", UNREACHABLE));
        Cli cli = cli();

        assertThat(cli.execute("check", "-c", file.toString())).isEqualTo(1);

        assertThat(cli.out()).contains("FAIL [shop] checkpoint database: cannot connect to the checkpoint database "
                        + UNREACHABLE + " as postgres: ")
                .containsPattern("(?m)^FAIL \\[shop] ")
                .contains("1 pipeline(s) checked: ")
                .doesNotContain("hunter2");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void statusReportsWhatItCouldNotReadAsJsonAndExitsOne() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", UNREACHABLE));
        Cli cli = cli();

        assertThat(cli.execute("status", "--json", "-c", file.toString())).isEqualTo(1);

        JsonNode doc = new ObjectMapper().readTree(cli.out());
        JsonNode shop = doc.get("pipelines").get(0);
        assertThat(shop.get("name").asText()).isEqualTo("shop");
        assertThat(shop.get("checkpoint").isNull()).isTrue();
        assertThat(shop.get("errors").get(0).asText()).startsWith("checkpoint: cannot connect to the checkpoint database");
        assertThat(cli.out()).doesNotContain("hunter2");
    }

    @Test
    void statusAsTextNamesThePipelineAndTheError() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", UNREACHABLE));
        Cli cli = cli();

        assertThat(cli.execute("status", "-c", file.toString())).isEqualTo(1);

        assertThat(cli.out()).startsWith("shop (postgres)")
                .contains("  checkpoint:        unknown")
                .contains("  error:             checkpoint: cannot connect to the checkpoint database");
    }

    @Test
    void migrateReportsAnUnreachableDatabaseAndExitsOne() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", UNREACHABLE) + pipeline("web", UNREACHABLE));
        Cli cli = cli();

        assertThat(cli.execute("migrate", "-c", file.toString())).isEqualTo(1);

        assertThat(cli.out()).startsWith("FAIL schema tidemark on " + UNREACHABLE + " (pipelines shop, web): cannot"
                + " connect to the checkpoint database");
    }

    @Test
    void runExitsOneWithOneMessageWhenTheCheckpointDatabaseIsUnreachable() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", UNREACHABLE));
        Cli cli = cli();

        assertThat(cli.execute("run", "-c", file.toString())).isEqualTo(1);

        assertThat(cli.err()).startsWith("tidemark: cannot connect to the checkpoint database " + UNREACHABLE)
                .doesNotContain("\tat ").doesNotContain("hunter2");
        assertThat(cli.err().lines()).hasSize(1);
    }

    @Test
    void runStopsGracefullyOnSignalAndExitsZero() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", "jdbc:postgresql://h/db"));
        FakeComponents components = new FakeComponents();
        Cli cli = new Cli(components, dir, Map.of());

        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> cli.execute("run", "-c", file.toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.stop.get() != null && components.built.containsKey("shop")
                && components.built.get("shop").running.getCount() == 0);
        cli.stop.get().run();

        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void runExitsOneWhenAPipelineFails() throws Exception {
        Path file = write("pipelines:\n" + pipeline("shop", "jdbc:postgresql://h/db") + pipeline("web", "jdbc:postgresql://h/db"));
        FakeComponents components = new FakeComponents().source("web",
                () -> ScriptedSource.failing(new SourceUnavailableException("slot tidemark_web is active elsewhere", false)));
        Cli cli = new Cli(components, dir, Map.of());

        assertThat(cli.execute("run", "-c", file.toString())).isEqualTo(1);

        assertThat(cli.err()).startsWith("tidemark: pipeline web failed: ").contains("slot tidemark_web is active elsewhere")
                .doesNotContain("\tat ");
        assertThat(components.built.get("shop").returned.getCount()).isZero();
    }
}
