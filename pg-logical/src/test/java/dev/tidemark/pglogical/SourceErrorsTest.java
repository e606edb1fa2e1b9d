package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointConflictException;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.Position;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.testing.PostgresExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the source refuses, and how it says so: each failure stops the pipeline with an error that
 * names the problem and the fix, and {@link PgLogicalSource#check} reports the same as a FAIL.
 */
@Tag("postgres")
class SourceErrorsTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private final PgHarness harness = new PgHarness(pg);

    @BeforeAll
    static void createTable() {
        pg.execute("CREATE TABLE \"accounts\" (\"id\" int PRIMARY KEY, \"balance\" numeric)");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static Lsn currentWalLsn() {
        return Lsn.parse((String) pg.queryScalar("SELECT pg_current_wal_lsn()::text"));
    }

    private static CheckResult finding(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check named " + name + " in " + results));
    }

    @Test
    void aMissingSlotWithAStoredCheckpointIsAConflictThatNamesTheSlotAndTheRecovery() {
        String name = PgHarness.uniqueName("noslot");
        CheckpointStore store = CheckpointStore.inMemory();
        PgPosition checkpoint = PgPosition.endOf(currentWalLsn());
        store.save(name, Checkpoint.of(checkpoint));
        PgLogicalSource source = harness.source("public.accounts").build();
        Pipeline p = harness.start(harness.pipeline(name, source, store, new Capture()));

        Throwable failure = PgHarness.awaitFailure(p);
        assertThat(failure).isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("replication slot 'tidemark_" + name + "' is missing")
                .hasMessageContaining(checkpoint.toString())
                .hasMessageContaining("re-snapshot")
                .hasMessageContaining("delete the checkpoint");
        assertThat(pg.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", "tidemark_" + name))
                .as("no new slot papers over the gap").isZero();

        CheckResult slot = finding(source.check(name, Optional.of(checkpoint)), "slot");
        assertThat(slot.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(slot.message()).contains("tidemark_" + name, "missing", "re-snapshot");
    }

    @Test
    void aSlotConfirmedPastTheCheckpointIsAConflict() {
        String name = PgHarness.uniqueName("ahead");
        String slot = "tidemark_" + name;
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        Pipeline first = harness.startStreaming(harness.pipeline(name, harness.source("public.accounts").build(), store,
                capture), slot);
        pg.execute("INSERT INTO \"accounts\" VALUES (1, 10)");
        PgHarness.awaitEvents(first, capture, 1);
        first.stop();
        harness.awaitSlotReleased(slot);
        Position checkpoint = store.load(name).orElseThrow().position();

        // another consumer takes changes past the checkpoint
        pg.execute("INSERT INTO \"accounts\" VALUES (2, 20)");
        pg.queryForList("SELECT pg_replication_slot_advance(?, pg_current_wal_lsn())", slot);
        PgLogicalSource source = harness.source("public.accounts").build();
        Pipeline second = harness.start(harness.pipeline(name, source, store, new Capture()));

        Throwable failure = PgHarness.awaitFailure(second);
        assertThat(failure).isInstanceOf(CheckpointConflictException.class)
                .hasMessageContaining("replication slot '" + slot + "' was confirmed up to")
                .hasMessageContaining("past pipeline " + name + "'s checkpoint at " + checkpoint)
                .hasMessageContaining("re-snapshot");
        CheckResult check = finding(source.check(name, Optional.of(checkpoint)), "slot");
        assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(check.message()).contains(slot, "past the checkpoint");
    }

    @Test
    void aUserWithoutTheReplicationAttributeIsToldToGrantIt() {
        String role = PgHarness.uniqueName("plain");
        pg.execute("CREATE ROLE \"" + role + "\" LOGIN", "GRANT SELECT ON \"accounts\" TO \"" + role + "\"");
        try {
            String name = PgHarness.uniqueName("norepl");
            PgLogicalSource source = PgLogicalSource.builder().url(harness.url()).user(role).tables("public.accounts").build();
            Pipeline p = harness.start(harness.pipeline(name, source, CheckpointStore.inMemory(), new Capture()));

            Throwable failure = PgHarness.awaitFailure(p);
            assertThat(failure).isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("user '" + role + "' may not use replication")
                    .hasMessageContaining("ALTER ROLE \"" + role + "\" REPLICATION");
            assertThat(((SourceUnavailableException) failure).retryable()).isFalse();
            CheckResult check = finding(source.check(name, Optional.empty()), "replication_privilege");
            assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
            assertThat(check.message()).contains(role, "REPLICATION");
        } finally {
            pg.execute("DROP OWNED BY \"" + role + "\"", "DROP ROLE \"" + role + "\"");
        }
    }

    @Test
    void aTableThatDoesNotExistIsNamedInTheError() {
        String name = PgHarness.uniqueName("notable");
        PgLogicalSource source = harness.source("public.accounts", "public.no_such_table").build();
        Pipeline p = harness.start(harness.pipeline(name, source, CheckpointStore.inMemory(), new Capture()));

        Throwable failure = PgHarness.awaitFailure(p);
        assertThat(failure).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("table public.no_such_table does not exist")
                .hasMessageContaining("check the source tables list");
        CheckResult check = finding(source.check(name, Optional.empty()), "table public.no_such_table");
        assertThat(check.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(finding(source.check(name, Optional.empty()), "table public.accounts").severity())
                .as("a table with a primary key and the default identity").isEqualTo(CheckResult.Severity.WARN);
    }

    @Test
    void withoutCreateMissingAnAbsentPublicationIsAnErrorThatSaysHowToCreateIt() {
        String name = PgHarness.uniqueName("nopub");
        PgLogicalSource source = harness.source("public.accounts").createMissing(false).build();
        Pipeline p = harness.start(harness.pipeline(name, source, CheckpointStore.inMemory(), new Capture()));

        Throwable failure = PgHarness.awaitFailure(p);
        assertThat(failure).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("publication 'tidemark_" + name + "' does not exist")
                .hasMessageContaining("CREATE PUBLICATION \"tidemark_" + name + "\"");
        List<CheckResult> results = source.check(name, Optional.empty());
        assertThat(finding(results, "publication").severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(finding(results, "slot").severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(pg.queryLong("SELECT count(*) FROM pg_publication WHERE pubname = ?", "tidemark_" + name)).isZero();
    }

    @Test
    void checkPassesAHealthySetupAndInspectReportsTheLagOfAStoppedPipeline() {
        String name = PgHarness.uniqueName("healthy");
        String slot = "tidemark_" + name;
        PgLogicalSource source = harness.source("public.accounts").build();
        List<CheckResult> before = source.check(name, Optional.empty());
        assertThat(before).noneMatch(r -> r.severity() == CheckResult.Severity.FAIL);
        assertThat(finding(before, "wal_level").severity()).isEqualTo(CheckResult.Severity.OK);
        assertThat(finding(before, "slot").message()).contains("will be created");
        SourceStatus none = source.inspect(name);
        assertThat(none.details()).containsEntry("slot_state", "missing");
        assertThat(none.lagBytes()).isEmpty();

        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        Pipeline p = harness.startStreaming(harness.pipeline(name, source, store, capture), slot);
        assertThat(source.inspect(name).details().get("slot_state")).startsWith("active");
        pg.execute("INSERT INTO \"accounts\" VALUES (100, 1)");
        PgHarness.awaitEvents(p, capture, 1);
        p.stop();
        // the server releases the slot (and applies the last feedback) a moment after the stop
        harness.awaitSlotReleased(slot);

        Lsn confirmed = Lsn.parse((String) pg.queryScalar(
                "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?", slot));
        pg.execute("INSERT INTO \"accounts\" SELECT g, g FROM generate_series(1000, 20000) g");
        Lsn current = currentWalLsn();
        SourceStatus status = source.inspect(name);
        assertThat(status.details()).containsEntry("slot", slot).containsEntry("slot_state", "inactive")
                .containsEntry("confirmed_flush_lsn", confirmed.toString());
        assertThat(status.lagBytes()).isPresent();
        long lag = status.lagBytes().getAsLong();
        // the status reads the WAL position a moment after this test did; nothing else writes in between but the server
        assertThat(lag).isGreaterThanOrEqualTo(current.value() - confirmed.value()).isLessThan(current.value() - confirmed.value() + (1 << 20));
        assertThat(lag).as("the 19,000 rows are in the lag").isGreaterThan(500_000);
        assertThat(Long.parseLong(status.details().get("retained_wal_bytes"))).isGreaterThanOrEqualTo(lag);

        List<CheckResult> after = source.check(name, store.load(name).map(Checkpoint::position));
        assertThat(finding(after, "slot").severity()).isEqualTo(CheckResult.Severity.OK);
        assertThat(finding(after, "publication").severity()).isEqualTo(CheckResult.Severity.OK);
    }
}
