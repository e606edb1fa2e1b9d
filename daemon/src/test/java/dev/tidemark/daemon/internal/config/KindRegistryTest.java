package dev.tidemark.daemon.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.tidemark.daemon.internal.runtime.CheckpointDatabase;
import dev.tidemark.daemon.internal.runtime.Components;
import dev.tidemark.daemon.internal.runtime.DaemonRuntime;
import dev.tidemark.daemon.internal.runtime.DefaultComponents;
import dev.tidemark.daemon.internal.runtime.FakeComponents;
import dev.tidemark.daemon.internal.runtime.SectionHosts;
import dev.tidemark.daemon.internal.runtime.PipelinesHost;
import dev.tidemark.engine.ChangeSink;
import dev.tidemark.engine.ConfigException;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.spi.ChangeSource;
import dev.tidemark.engine.sink.JsonlSink;
import dev.tidemark.mysqlbinlog.MySqlBinlogSource;
import dev.tidemark.pglogical.PgLogicalSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KindRegistryTest {
    private static final String TWO_TEST_PIPELINES = """
            pipelines:
              - name: a
                source: {type: scripted, transactions: 3}
                sinks: [{type: memory, name: first}, {type: stdout}]
              - name: b
                source: {type: scripted}
                sinks: [{type: memory, name: second}]
            """;

    private final TestKinds.MemorySink memory = new TestKinds.MemorySink();
    /** The shipped kinds plus the two test-only ones: one registration each. */
    private final Kinds kinds = Kinds.defaults().with(new TestKinds.Scripted()).with(memory);

    private TidemarkConfig parse(Kinds kinds, String yaml) {
        return ConfigLoader.withEnvironment(Map.of(), Yaml.WORK).withSections(Sections.withKinds(kinds))
                .parse(yaml, "tidemark.yaml");
    }

    private List<String> problems(Kinds kinds, String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> parse(kinds, yaml)).problems();
    }

    @Test
    void aKindAddedWithOneRegistrationIsBoundBuiltAndRunEndToEnd() throws Exception {
        TidemarkConfig config = parse(kinds, TWO_TEST_PIPELINES);
        assertThat(config.pipelines().get(0).source()).isEqualTo(new TestKinds.Scripted.Config(3));
        assertThat(config.pipelines().get(0).sinks()).containsExactly(new TestKinds.MemorySink.Config("first"),
                new StdoutSinkKind.Config());
        assertThat(EffectiveConfig.describe(config).get(0))
                .startsWith("pipeline a: source scripted 3 transactions; sinks memory first, stdout;");

        // sources and sinks made by the registry; only the checkpoint databases are in memory
        FakeComponents fake = new FakeComponents();
        DefaultComponents real = new DefaultComponents(kinds);
        Components components = new Components() {
            @Override
            public ChangeSource source(String pipeline, SourceConfig c) {
                return real.source(pipeline, c);
            }

            @Override
            public ChangeSink sink(String pipeline, SinkConfig c) {
                return real.sink(pipeline, c);
            }

            @Override
            public CheckpointDatabase openCheckpointDatabase(CheckpointConfig c) {
                return fake.openCheckpointDatabase(c);
            }
        };
        DaemonRuntime runtime = new DaemonRuntime(config, components, Clock.systemUTC(),
                SectionHosts.none().with(new PipelinesHost(new PipelinesSection(kinds))));
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                runtime.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.store.load("a").isPresent());
        runtime.requestStop();
        done.get(10, TimeUnit.SECONDS);

        assertThat(memory.written.get("first")).hasValue(6);
        assertThat(memory.written.get("second")).hasValue(0);
        assertThat(runtime.statuses()).extracting(PipelineStatus::state).containsOnly(PipelineStatus.State.STOPPED);
    }

    @Test
    void anUnknownSinkTypeIsRejectedWithTheRegisteredTypesAndASuggestion() {
        assertThat(problems(kinds, TWO_TEST_PIPELINES.replace("type: memory, name: second", "type: memroy, name: x")))
                .containsExactly("pipelines[1].sinks[0].type: expected one of jsonl, stdout, memory, got 'memroy'"
                        + " (did you mean 'memory'?)");
        // without the registration the kind does not exist: no default branch builds something anyway
        assertThat(problems(Kinds.defaults(), Yaml.source("tables: [a.b]").replace("type: stdout", "type: memory")))
                .containsExactly("pipelines[0].sinks[0].type: expected one of jsonl, stdout, got 'memory'");
        assertThat(problems(Kinds.defaults(), TWO_TEST_PIPELINES)).contains(
                "pipelines[0].source.type: expected one of postgres, mysql, got 'scripted'");
    }

    @Test
    void aKindsKeysAndClaimsAreItsOwn() {
        assertThat(problems(kinds, TWO_TEST_PIPELINES.replace("name: second", "name: second, path: x")))
                .containsExactly("pipelines[1].sinks[0].path: unknown key (known keys: name, type)");
        assertThat(problems(kinds, TWO_TEST_PIPELINES.replace("name: second", "name: first")))
                .containsExactly("pipelines[1].sinks[0].name: memory sink 'first' is also used by pipelines[0].sinks[0]:"
                        + " name each memory sink differently");
    }

    @Test
    void aTypeIsRegisteredOnce() {
        assertThatThrownBy(() -> Kinds.defaults().with(new StdoutSinkKind()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'stdout'");
    }

    @Test
    void theShippedKindsBuildTheShippedSourcesAndSinks() throws Exception {
        TidemarkConfig config = parse(Kinds.defaults(), """
                pipelines:
                  - name: pg
                    source: {type: postgres, url: 'jdbc:postgresql://h/db', user: u, tables: [s.t], slot: my_slot}
                    sinks: [{type: jsonl, path: out/pg.jsonl}]
                  - name: my
                    source: {type: mysql, url: 'jdbc:mariadb://h/', user: u, tables: [d.t]}
                    sinks: [{type: stdout}]
                """);
        DefaultComponents components = new DefaultComponents();
        PipelineConfig pg = config.pipelines().get(0);
        try (ChangeSource source = components.source("pg", pg.source());
             ChangeSink sink = components.sink("pg", pg.sinks().get(0))) {
            assertThat(((PgLogicalSource) source).config().slotFor("pg")).isEqualTo("my_slot");
            assertThat(((JsonlSink) sink).file()).isEqualTo(Path.of("/srv/tidemark/out/pg.jsonl"));
        }
        try (ChangeSource source = components.source("my", config.pipelines().get(1).source())) {
            assertThat(source).isInstanceOf(MySqlBinlogSource.class);
        }
        // the effective slot and publication are the source's own defaults, not restated by the daemon
        assertThat(new PipelinesSection(Kinds.defaults()).describe(pg)).contains("slot my_slot",
                "publication " + dev.tidemark.pglogical.PgSourceConfig.defaultName("pg"));
    }
}
