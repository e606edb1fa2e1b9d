package dev.tidemark.mysqlbinlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.ChangeEvent;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.Operation;
import dev.tidemark.engine.Pipeline;
import dev.tidemark.testing.MariaDbExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A schema change mid-stream applies to the rows after it; TRUNCATE of a captured table is an event. */
@Tag("mariadb")
class DdlTest {
    @RegisterExtension
    static final MariaDbExtension db = new MariaDbExtension();
    static final Capture capture = new Capture();
    static Pipeline pipeline;

    @BeforeAll
    static void start() {
        Pipelines.createMarkerTable(db);
        db.execute("CREATE TABLE evolving (id int PRIMARY KEY, a varchar(10))");
        pipeline = Pipelines.start("ddl", Pipelines.source(db.server(), db.database(), "evolving").build(),
                CheckpointStore.inMemory(), capture, 100);
        Pipelines.awaitStreaming(db.server(), db.database(), capture);
    }

    @AfterAll
    static void stop() {
        pipeline.stop();
    }

    @Test
    void rowsAfterAnAlterTableCarryTheNewColumns() {
        int before = capture.events().size();
        db.execute("INSERT INTO evolving VALUES (1, 'one')",
                "ALTER TABLE evolving ADD COLUMN b int UNSIGNED, MODIFY a varchar(20) CHARACTER SET latin1",
                "INSERT INTO evolving VALUES (2, 'tw\u00f6', 4000000000)",
                "ALTER TABLE evolving DROP COLUMN a",
                "UPDATE evolving SET b = 7 WHERE id = 1");
        List<ChangeEvent> events = capture.awaitEvents(before + 3).subList(before, before + 3);
        assertThat(events.get(0).after().toMap()).containsExactly(java.util.Map.entry("id", 1), java.util.Map.entry("a", "one"));
        assertThat(events.get(1).after().get("a")).isEqualTo("tw\u00f6");
        assertThat(events.get(1).after().get("b")).isEqualTo(4000000000L);
        assertThat(events.get(2).op()).isEqualTo(Operation.UPDATE);
        assertThat(events.get(2).after().schema().columns()).extracting(c -> c.name()).containsExactly("id", "b");
        assertThat(events.get(2).after().get("b")).isEqualTo(7L);
    }

    @Test
    void truncatingACapturedTableIsATruncateEvent() {
        int before = capture.events().size();
        db.execute("INSERT INTO evolving (id) VALUES (100)", "TRUNCATE TABLE evolving", "INSERT INTO evolving (id) VALUES (101)");
        List<ChangeEvent> events = capture.awaitEvents(before + 3).subList(before, before + 3);
        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.CREATE, Operation.TRUNCATE, Operation.CREATE);
        assertThat(events.get(1).table().table()).isEqualTo("evolving");
        assertThat(events.get(1).before()).isNull();
    }
}
