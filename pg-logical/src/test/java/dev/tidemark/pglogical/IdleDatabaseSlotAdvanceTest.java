package dev.tidemark.pglogical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.engine.SourceStatus;
import dev.tidemark.testing.PostgresExtension;
import dev.tidemark.testing.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pipeline on a database nobody writes to must still let its slot advance while another database
 * of the same server fills the WAL; otherwise the slot pins that WAL on disk forever.
 */
@Tag("postgres")
class IdleDatabaseSlotAdvanceTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();
    private final PgHarness harness = new PgHarness(pg);
    private String busyDatabase;

    @AfterEach
    void stop() {
        harness.close();
        if (busyDatabase != null) {
            pg.server().dropDatabase(busyDatabase);
        }
    }

    @Test
    void theSlotOfAnIdleDatabaseAdvancesWhileAnotherDatabaseWritesALot() {
        pg.execute("CREATE TABLE \"quiet\" (\"id\" int PRIMARY KEY)");
        String name = PgHarness.uniqueName("idle");
        String slot = "tidemark_" + name;
        CheckpointStore store = CheckpointStore.inMemory();
        Capture capture = new Capture();
        PgLogicalSource source = harness.source("public.quiet").heartbeatInterval(Duration.ofSeconds(1)).build();
        Pipeline p = harness.startStreaming(harness.pipeline(name, source, store, capture), slot);
        Lsn start = confirmedFlush(slot);

        PostgresServer server = pg.server();
        busyDatabase = PgHarness.uniqueName("busy");
        server.createDatabase(busyDatabase);
        server.execute(busyDatabase, "CREATE TABLE \"noise\" (\"id\" bigserial PRIMARY KEY, \"pad\" text)");
        for (int i = 0; i < 8; i++) {
            // about 1 MB of WAL per statement
            server.execute(busyDatabase, "INSERT INTO \"noise\" (\"pad\") SELECT repeat(md5(g::text), 30) FROM generate_series(1, 1000) g");
        }
        Lsn written = Lsn.parse((String) pg.queryScalar("SELECT pg_current_wal_lsn()::text"));
        assertThat(written.value() - start.value()).as("WAL written by the busy database").isGreaterThan(4L << 20);

        PgHarness.until(p, () -> confirmedFlush(slot).value() >= written.value());
        assertThat(capture.eventCount()).as("nothing of the other database is delivered").isZero();
        assertThat(store.load(name)).hasValueSatisfying(cp ->
                assertThat(((PgPosition) cp.position()).commitLsn()).isGreaterThanOrEqualTo(written));
        SourceStatus status = source.inspect(name);
        assertThat(status.lagBytes()).isPresent();
        assertThat(status.lagBytes().getAsLong()).as("lag after catching up").isLessThan(written.value() - start.value());
        assertThat(status.details()).containsEntry("slot", slot).containsKey("confirmed_flush_lsn");
    }

    private static Lsn confirmedFlush(String slot) {
        return Lsn.parse((String) pg.queryScalar(
                "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?", slot));
    }
}
