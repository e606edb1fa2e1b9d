package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.daemon.internal.cli.CliContext;
import dev.tidemark.daemon.internal.cli.TidemarkCommand;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import dev.tidemark.daemon.internal.runtime.FakeComponents;
import dev.tidemark.daemon.internal.runtime.PartStatus;
import dev.tidemark.daemon.internal.runtime.PipelinesHost;
import dev.tidemark.daemon.internal.runtime.SectionHosts;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.PipelineFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The section seam: a section registered once is bound, run, reported and stopped with the pipelines. */
class SectionsTest {
    private static final String PIPELINES_AND_JOBS = """
            http: {port: 0}
            pipelines:
              - name: orders
                source: {type: postgres, url: 'jdbc:postgresql://h/shop', user: u, tables: [public.orders]}
                sinks: [{type: stdout}]
            jobs: [nightly, hourly]
            """;

    private final JobsSection.Host jobs = new JobsSection.Host();
    private final Sections sections = Sections.defaults().with(new JobsSection());
    private final SectionHosts hosts = SectionHosts.defaults().with(jobs);
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of(), Path.of("/tmp")).withSections(sections);

    private static CompletableFuture<Void> start(DaemonRuntime runtime) {
        return CompletableFuture.runAsync(() -> {
            try {
                runtime.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theRuntimeStartsReportsAndStopsEveryPartOfEverySection() throws Exception {
        TidemarkConfig config = loader.parse(PIPELINES_AND_JOBS, "test.yaml");
        assertThat(EffectiveConfig.describe(config)).contains("job nightly", "job hourly");
        DaemonRuntime runtime = new DaemonRuntime(config, new FakeComponents(), Clock.systemUTC(), hosts);

        CompletableFuture<Void> done = start(runtime);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.partStatuses().size() == 3
                && runtime.partStatuses().stream().allMatch(s -> s.state() == PartStatus.State.RUNNING));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort().orElseThrow() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertThat(body.at("/jobs/nightly/state").asText()).isEqualTo("RUNNING");
        assertThat(body.at("/pipelines/orders/state").asText()).isEqualTo("RUNNING");

        runtime.requestStop();
        done.get(10, TimeUnit.SECONDS);

        assertThat(jobs.log).containsExactly("prepared [nightly, hourly]", "started nightly", "started hourly",
                "stopped nightly", "stopped hourly");
        assertThat(runtime.partStatuses()).extracting(PartStatus::label, PartStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pipeline orders", PartStatus.State.STOPPED),
                org.assertj.core.groups.Tuple.tuple("job nightly", PartStatus.State.STOPPED),
                org.assertj.core.groups.Tuple.tuple("job hourly", PartStatus.State.STOPPED));
    }

    @Test
    void aSectionMayStandAlone() throws Exception {
        TidemarkConfig config = loader.parse("jobs: [solo]\n", "test.yaml");
        assertThat(config.pipelines()).isEmpty();
        DaemonRuntime runtime = new DaemonRuntime(config, new FakeComponents(), Clock.systemUTC(), hosts);

        CompletableFuture<Void> done = start(runtime);
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.log.contains("started solo"));
        runtime.requestStop();
        done.get(10, TimeUnit.SECONDS);

        assertThat(jobs.log).containsExactly("prepared [solo]", "started solo", "stopped solo");
    }

    @Test
    void aFailingPartOfOneSectionStopsThePartsOfTheOthers() {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(loader.parse(PIPELINES_AND_JOBS.replace("hourly", "doomed"),
                "test.yaml"), components, Clock.systemUTC(), hosts);

        assertThatThrownBy(runtime::run).isInstanceOf(PipelineFailedException.class)
                .hasMessage("job doomed failed: the job's work is impossible");
        assertThat(components.built.get("orders").returned.getCount()).isZero();
        assertThat(jobs.log).contains("stopped nightly");
    }

    @Test
    void aConfigWithoutAnySectionNamesEveryRegisteredOne() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parse("http: {}\n", "test.yaml"))
                .problems()).containsExactly("top level: nothing to run: add pipelines (a list of pipelines, each"
                + " with a name, a source and sinks) or jobs (a list of job names)");
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parse("jobs: []\n", "test.yaml"))
                .problems()).containsExactly("jobs: is empty: name at least one job");
        // a registry without the section does not know the key
        assertThat(catchThrowableOfType(ConfigException.class, () -> Yaml.parse(PIPELINES_AND_JOBS)).problems())
                .containsExactly("jobs: unknown key (known keys: http, pipelines)");
    }

    @Test
    void aSectionWithoutAHostIsAWiringMistakeNotAConfigProblem() {
        DaemonRuntime runtime = new DaemonRuntime(loader.parse("jobs: [solo]\n", "test.yaml"), new FakeComponents(),
                Clock.systemUTC(), SectionHosts.none().with(new PipelinesHost(new PipelinesSection(Kinds.defaults()))));

        assertThatThrownBy(runtime::run).isInstanceOf(IllegalStateException.class).hasMessage("no host for the section 'jobs'");
    }

    @Test
    void checkMigrateAndStatusCoverEverySection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tidemark.yaml");
        Files.writeString(file, PIPELINES_AND_JOBS);
        CliContext context = new CliContext(loader, new FakeComponents(), hosts, Clock.systemUTC(), stop -> { });

        StringWriter check = new StringWriter();
        assertThat(execute(context, check, "check", "-c", file.toString())).isZero();
        assertThat(check.toString()).contains("OK   [nightly] job: ready", "OK   [orders] checkpoint database: ",
                "1 pipeline(s), 2 job(s) checked: 0 failure(s), 0 warning(s)");

        StringWriter migrate = new StringWriter();
        assertThat(execute(context, migrate, "migrate", "-c", file.toString())).isZero();
        assertThat(migrate.toString()).contains("OK   schema tidemark on jdbc:postgresql://h/shop (pipelines orders)",
                "OK   job store (jobs nightly, hourly): up to date");

        StringWriter status = new StringWriter();
        assertThat(execute(context, status, "status", "--json", "-c", file.toString())).isZero();
        JsonNode doc = new ObjectMapper().readTree(status.toString());
        assertThat(doc.at("/pipelines/0/name").asText()).isEqualTo("orders");
        assertThat(doc.at("/jobs/1/name").asText()).isEqualTo("hourly");
        StringWriter text = new StringWriter();
        assertThat(execute(context, text, "status", "-c", file.toString())).isZero();
        assertThat(text.toString()).contains("orders (postgres)\n", "nightly (job)\n  state:");
    }

    private static int execute(CliContext context, StringWriter out, String... args) {
        CommandLine cmd = TidemarkCommand.commandLine(context);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        return cmd.execute(args);
    }
}
