package dev.tidemark.daemon.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tidemark.daemon.internal.config.ConfigLoader;
import dev.tidemark.daemon.internal.config.TidemarkConfig;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PipelineFailedException;
import dev.tidemark.engine.PipelineStatus;
import dev.tidemark.engine.SourceUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonRuntimeTest {
    static final String TWO_PIPELINES = """
            pipelines:
              - name: orders
                source: {type: postgres, url: 'jdbc:postgresql://h/shop', user: u, tables: [public.orders]}
                sinks: [{type: jsonl, path: out/orders.jsonl}]
              - name: customers
                source: {type: postgres, url: 'jdbc:postgresql://h/shop', user: u, tables: [public.customers]}
                sinks: [{type: stdout}]
            """;

    static TidemarkConfig config(String yaml) {
        return ConfigLoader.withEnvironment(Map.of(), Path.of("/tmp")).parse(yaml, "test.yaml");
    }

    /** Runs the runtime on another thread; the future completes with run's outcome. */
    static CompletableFuture<Void> start(DaemonRuntime runtime) {
        return CompletableFuture.runAsync(() -> {
            try {
                runtime.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void runsEveryPipelineUntilAStopIsRequestedThenStopsThemAll() throws Exception {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES), components, Clock.systemUTC());

        CompletableFuture<Void> done = start(runtime);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statuses().size() == 2
                && runtime.statuses().stream().allMatch(s -> s.state() == PipelineStatus.State.RUNNING));
        assertThat(done).isNotDone();

        runtime.requestStop();

        done.get(10, TimeUnit.SECONDS);
        assertThat(runtime.statuses()).extracting(PipelineStatus::state)
                .containsOnly(PipelineStatus.State.STOPPED);
        assertThat(components.built.values()).allSatisfy(s -> {
            assertThat(s.returned.getCount()).isZero();
            assertThat(s.closed).isTrue();
        });
    }

    @Test
    void aFailingPipelineStopsTheOthersAndRunReportsIt() throws Exception {
        FakeComponents components = new FakeComponents().source("customers",
                () -> ScriptedSource.failing(new SourceUnavailableException("wal_level is 'replica'", false)));
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES), components, Clock.systemUTC());

        CompletableFuture<Void> done = start(runtime);

        assertThat(done).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                .isInstanceOf(SourceUnavailableException.class);
        assertThatThrownBy(done::join).cause().isInstanceOf(PipelineFailedException.class)
                .hasMessageStartingWith("pipeline customers failed: ")
                .hasMessageContaining("wal_level is 'replica'");
        assertThat(components.built.get("orders").returned.getCount()).isZero();
        assertThat(runtime.statuses()).extracting(PipelineStatus::name, PipelineStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("orders", PipelineStatus.State.STOPPED),
                org.assertj.core.groups.Tuple.tuple("customers", PipelineStatus.State.FAILED));
    }

    @Test
    void handledTransactionsAreCheckpointedInTheConfiguredStore() throws Exception {
        FakeComponents components = new FakeComponents().source("orders", () -> ScriptedSource.emitting(3, 2));
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES), components, Clock.systemUTC());

        CompletableFuture<Void> done = start(runtime);
        await().atMost(Duration.ofSeconds(10)).until(() -> components.store.load("orders").isPresent()
                && components.store.load("orders").get().position().equals(PgPosition.endOf(new Lsn(3000))));
        runtime.requestStop();
        done.get(10, TimeUnit.SECONDS);

        assertThat(components.eventsWritten.get()).isEqualTo(6);
        assertThat(runtime.statuses().get(0).transactionsHandled()).isEqualTo(3);
    }

    @Test
    void migratesEachCheckpointDatabaseOnceWhenAutoMigrateIsOn() throws Exception {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES), components, Clock.systemUTC());
        runtime.requestStop();

        runtime.run();

        assertThat(components.migrations.get()).isEqualTo(1);
        assertThat(components.openedDatabases).containsExactly("jdbc:postgresql://h/shop/tidemark");
    }

    @Test
    void leavesMigrationsToTheOperatorWhenAutoMigrateIsOff() throws Exception {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES.replace("tables: [public.orders]}",
                "tables: [public.orders]}\n    checkpoint: {auto_migrate: false, schema: other}")), components,
                Clock.systemUTC());
        runtime.requestStop();

        runtime.run();

        // only the customers pipeline's default schema; orders' schema 'other' is left alone
        assertThat(components.migrations.get()).isEqualTo(1);
        assertThat(components.openedDatabases).containsExactly("jdbc:postgresql://h/shop/other",
                "jdbc:postgresql://h/shop/tidemark");
    }

    @Test
    void aStopRequestedBeforeStartStartsNothing() throws Exception {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES), components, Clock.systemUTC());
        runtime.requestStop();

        runtime.run();

        assertThat(runtime.statuses()).extracting(PipelineStatus::state).containsOnly(PipelineStatus.State.NEW);
        assertThat(components.built.values()).allSatisfy(s -> assertThat(s.closed).isTrue());
    }

    @Test
    void anUnreachableCheckpointDatabaseFailsBeforeAnyPipelineStarts() {
        FakeComponents components = new FakeComponents();
        DaemonRuntime runtime = new DaemonRuntime(config(TWO_PIPELINES.replace("h/shop", "unreachable/shop")),
                components, Clock.systemUTC());

        assertThatThrownBy(runtime::run).hasMessage("cannot connect to the checkpoint database jdbc:postgresql://unreachable/shop");
        assertThat(components.built.values()).allSatisfy(s -> {
            assertThat(s.running.getCount()).isOne();
            assertThat(s.closed).isTrue();
        });
    }
}
