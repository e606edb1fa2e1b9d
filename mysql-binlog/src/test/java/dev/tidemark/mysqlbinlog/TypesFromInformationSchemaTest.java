package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbExtension;
import dev.tidemark.testing.MariaDbServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type suite with column facts from information_schema (binlog_row_metadata=MINIMAL). */
@Tag("mariadb")
class TypesFromInformationSchemaTest extends AbstractTypesTest {
    @RegisterExtension
    static final MariaDbExtension db = MariaDbExtension.dedicatedServer();

    @BeforeAll
    static void start() {
        db.server().execute("", "SET GLOBAL binlog_row_metadata = MINIMAL");
        assertThat(db.server().variable("binlog_row_metadata")).isEqualTo("MINIMAL");
        startPipeline(db, "types_minimal");
    }

    @org.junit.jupiter.api.Test
    void aDdlReadLiveRefreshesTheColumnsForTheRowsAfterIt() {
        db.execute("CREATE TABLE evolving (id int PRIMARY KEY, a varchar(10))");
        Capture live = new Capture();
        dev.tidemark.engine.Pipeline p = Pipelines.start("types_minimal_ddl",
                Pipelines.source(db.server(), db.database(), "evolving").build(),
                dev.tidemark.engine.CheckpointStore.inMemory(), live, 100);
        java.util.List<dev.tidemark.engine.ChangeEvent> events;
        try {
            Pipelines.awaitStreaming(db.server(), db.database(), live);
            db.execute("INSERT INTO evolving VALUES (1, 'one')");
            live.awaitEvents(1);
            db.execute("ALTER TABLE evolving ADD COLUMN b int UNSIGNED FIRST");
            db.execute("INSERT INTO evolving VALUES (4000000000, 2, 'two')");
            events = live.awaitEvents(2);
        } finally {
            p.stop();
        }
        assertThat(events.get(0).after().toMap()).containsExactly(java.util.Map.entry("id", 1), java.util.Map.entry("a", "one"));
        assertThat(events.get(1).after().toMap()).containsExactly(java.util.Map.entry("b", 4000000000L),
                java.util.Map.entry("id", 2), java.util.Map.entry("a", "two"));
    }

    @org.junit.jupiter.api.Test
    void catchingUpAcrossAColumnCountChangeStopsWithTheFix() throws Exception {
        db.execute("CREATE TABLE behind (id int PRIMARY KEY)");
        dev.tidemark.engine.CheckpointStore store = dev.tidemark.engine.CheckpointStore.inMemory();
        Capture first = new Capture();
        dev.tidemark.engine.Pipeline p1 = Pipelines.start("types_minimal_behind",
                Pipelines.source(db.server(), db.database(), "behind").build(), store, first, 100);
        Pipelines.awaitStreaming(db.server(), db.database(), first);
        p1.stop();
        // written while the pipeline is down: the old rows no longer match today's definition
        db.execute("INSERT INTO behind VALUES (1)", "ALTER TABLE behind ADD COLUMN extra int", "INSERT INTO behind VALUES (2, 2)");
        dev.tidemark.engine.Pipeline p2 = Pipelines.start("types_minimal_behind",
                Pipelines.source(db.server(), db.database(), "behind").build(), store, new Capture(), 100);
        assertThat(p2.awaitTermination(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(p2.status().failure()).get().satisfies(t -> assertThat(t.getMessage())
                .contains("binlog_row_metadata=FULL", "behind", "has 1 columns").doesNotContain("null"));
    }

    @Override
    DatabaseExtension<MariaDbServer> db() {
        return db;
    }
}
