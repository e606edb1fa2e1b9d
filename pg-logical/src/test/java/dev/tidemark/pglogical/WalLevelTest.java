package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.CheckResult;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceUnavailableException;
import dev.tidemark.testing.PostgresExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server without logical decoding: the pipeline stops at once and says which setting to change. */
@Tag("postgres")
class WalLevelTest {
    /** Dedicated: the test restarts the server with wal_level=replica. */
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.dedicatedServer();
    private final PgHarness harness = new PgHarness(pg);

    @BeforeAll
    static void restartWithoutLogicalDecoding() {
        pg.server().execute(pg.server().adminDatabase(), "ALTER SYSTEM SET wal_level = replica");
        pg.server().restart();
        assertThat(pg.server().setting("wal_level")).isEqualTo("replica");
        pg.execute("CREATE TABLE \"t\" (\"id\" int PRIMARY KEY)");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void walLevelReplicaStopsThePipelineWithTheSettingAndTheFix() {
        String name = PgHarness.uniqueName("replica");
        PgLogicalSource source = harness.source("public.t").build();
        Pipeline p = harness.start(harness.pipeline(name, source, CheckpointStore.inMemory(), new Capture()));

        Throwable failure = PgHarness.awaitFailure(p);
        assertThat(failure).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("wal_level is 'replica'")
                .hasMessageContaining("set wal_level=logical")
                .hasMessageContaining("restart the server");
        assertThat(((SourceUnavailableException) failure).retryable()).isFalse();

        List<CheckResult> results = source.check(name, Optional.empty());
        CheckResult walLevel = results.stream().filter(r -> r.name().equals("wal_level")).findFirst().orElseThrow();
        assertThat(walLevel.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(walLevel.message()).contains("'replica'", "wal_level=logical");
    }
}
