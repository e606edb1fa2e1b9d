package dev.tidemark.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.engine.Position;
import dev.tidemark.testing.MariaDbServer;
import dev.tidemark.testing.PostgresServer;
import dev.tidemark.testing.TestDatabaseServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Whatever checkpoint is saved is loaded back equal, on both databases: positions of both kinds at
 * their extremes, sink states of any Unicode text, commit times across the whole supported range.
 */
@Tag("postgres")
@Tag("mariadb")
class CheckpointRoundTripTest {
    private static JdbcCheckpointStore postgres;
    private static JdbcCheckpointStore mariadb;
    private static String postgresDb;
    private static String mariadbDb;

    private static synchronized JdbcCheckpointStore postgres() {
        if (postgres == null) {
            postgresDb = "roundtrip_pg_" + System.nanoTime();
            postgres = storeOn(PostgresServer.shared(), postgresDb);
        }
        return postgres;
    }

    private static synchronized JdbcCheckpointStore mariadb() {
        if (mariadb == null) {
            String db = "roundtrip_my_" + System.nanoTime();
            mariadbDb = db;
            // the Tidemark tables go into the test's own database, not the server-wide "tidemark" one
            MariaDbServer server = MariaDbServer.shared();
            server.createDatabase(db);
            mariadb = JdbcCheckpointStore.builder(server.dataSource(db)).schema(db).build();
        }
        return mariadb;
    }

    /** Leaves nothing behind on a server that outlives the JVM ({@code TIDEMARK_TEST_*_URL}). */
    @AfterContainer
    static synchronized void dropDatabases() {
        if (postgres != null) {
            PostgresServer.shared().dropDatabase(postgresDb);
        }
        if (mariadb != null) {
            MariaDbServer.shared().dropDatabase(mariadbDb);
        }
    }

    private static JdbcCheckpointStore storeOn(TestDatabaseServer server, String db) {
        server.createDatabase(db);
        return JdbcCheckpointStore.create(server.dataSource(db));
    }

    @Property(tries = 100)
    void anyCheckpointRoundTripsOnPostgres(@ForAll("pipelines") String pipeline, @ForAll("checkpoints") Checkpoint cp) {
        postgres().save(pipeline, cp);
        assertThat(postgres().load(pipeline)).contains(cp);
    }

    @Property(tries = 100)
    void anyCheckpointRoundTripsOnMariaDb(@ForAll("pipelines") String pipeline, @ForAll("checkpoints") Checkpoint cp) {
        mariadb().save(pipeline, cp);
        assertThat(mariadb().load(pipeline)).contains(cp);
    }

    @Provide
    Arbitrary<String> pipelines() {
        // the store refuses control characters and surrounding whitespace in names
        return text(1, 128).filter(s -> s.strip().equals(s) && !s.isEmpty() && s.chars().noneMatch(Character::isISOControl));
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        Arbitrary<Instant> commitTimes = Arbitraries.longs()
                // DATETIME covers years 1000 to 9999; microseconds are what both databases keep
                .between(Instant.parse("1000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L,
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L)
                .map(us -> Instant.EPOCH.plus(us, ChronoUnit.MICROS)).injectNull(0.2);
        return Combinators.combine(positions(), Arbitraries.maps(text(1, 20), text(0, 60)).ofMaxSize(5), commitTimes)
                .as(Checkpoint::new);
    }

    private Arbitrary<Position> positions() {
        Arbitrary<Long> index = Arbitraries.oneOf(Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.just(PgPosition.TX_END));
        Arbitrary<Position> pg = Combinators.combine(Arbitraries.longs().map(Lsn::new), index).as(PgPosition::new);
        Arbitrary<String> gtids = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("0123456789-,:abcdefABCDEF").ofMinLength(1).ofMaxLength(400));
        Arbitrary<String> files = Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(1).ofMaxLength(60);
        Arbitrary<Position> binlog = Combinators.combine(gtids, files, Arbitraries.longs().greaterOrEqual(0), index)
                .as(BinlogPosition::new);
        return Arbitraries.oneOf(pg, binlog);
    }

    /** Any Unicode text: the BMP without surrogates, plus supplementary characters such as emoji. */
    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .withChars("\uD83D\uDE00".toCharArray()[0])
                .ofMinLength(min).ofMaxLength(max)
                .map(s -> s.replace("\uD83D", "\uD83D\uDE00"))
                .filter(s -> s.length() <= max);
    }
}
