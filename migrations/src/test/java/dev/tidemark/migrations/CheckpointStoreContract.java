package dev.tidemark.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.BinlogPosition;
import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.CheckpointStore;
import dev.tidemark.engine.CheckpointStoreException;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.testing.DatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What JdbcCheckpointStore promises, written once and run on each database. */
abstract class CheckpointStoreContract extends DatabaseContract {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456Z");

    CheckpointStoreContract(DatabaseExtension<?> db, SqlDialect dialect) {
        super(db, dialect, "cp");
    }

    String qualified(String schema, String table) {
        return dialect.qualified(schema, table);
    }

    JdbcCheckpointStore store(String schema) {
        return JdbcCheckpointStore.builder(db().dataSource()).schema(schema).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @Test
    void loadsNothingForAPipelineThatNeverSaved() {
        assertThat(store(freshSchema()).load("never-ran")).isEmpty();
    }

    @Test
    void roundTripsAPostgresPositionWithSinkStatesAndCommitTime() {
        JdbcCheckpointStore store = store(freshSchema());
        Checkpoint cp = new Checkpoint(new PgPosition(Lsn.parse("16/B374D848"), 12),
                Map.of("kafka", "offset=42", "file", "{\"line\": 7, \"quote\": \"\\\"\"}", "ünïcødé", "✓ 日本"),
                Instant.parse("2026-02-28T23:59:59.999999Z"));

        store.save("orders", cp);

        assertThat(store.load("orders")).contains(cp);
        assertThat(store.supportsTransactions()).isTrue();
    }

    @Test
    void roundTripsABinlogPositionWithGtids() {
        JdbcCheckpointStore store = store(freshSchema());
        Checkpoint mid = new Checkpoint(new BinlogPosition("0-1-100,1-2-7", "mariadb-bin.000003", 4567, 3),
                Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
        Checkpoint end = new Checkpoint(BinlogPosition.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5|binlog.000012|154"),
                Map.of("s", "x"), null);

        store.save("mysql-mid", mid);
        store.save("mysql-end", end);

        assertThat(store.load("mysql-mid")).contains(mid);
        assertThat(store.load("mysql-end")).contains(end);
        assertThat(store.load("mysql-end").orElseThrow().position().isTransactionEnd()).isTrue();
    }

    @Test
    void aLaterSaveReplacesTheCheckpointAndStampsUpdatedAt() {
        String schema = freshSchema();
        JdbcCheckpointStore store = store(schema);
        store.save("p", new Checkpoint(PgPosition.endOf(Lsn.parse("0/10")), Map.of("a", "1", "b", "2"), NOW));
        Checkpoint later = Checkpoint.of(PgPosition.endOf(Lsn.parse("0/20")));

        store.save("p", later);

        assertThat(store.load("p")).contains(later);
        assertThat(db().queryLong("SELECT count(*) FROM " + qualified(schema, "checkpoints"))).isEqualTo(1);
        assertThat(db().queryScalar("SELECT sink_state FROM " + qualified(schema, "checkpoints"))).isNull();
        String updatedAt = (String) db().queryScalar("SELECT " + dialect.utcText("updated_at") + " FROM "
                + qualified(schema, "checkpoints"));
        assertThat(java.time.LocalDateTime.parse(updatedAt).toInstant(ZoneOffset.UTC)).isEqualTo(NOW);
        assertThat(store.updatedAt("p")).contains(NOW);
        assertThat(store.updatedAt("never_saved")).isEmpty();
    }

    @Test
    void storesSinkStatesAsAJsonObject() {
        String schema = freshSchema();
        store(schema).save("p", new Checkpoint(PgPosition.endOf(Lsn.parse("0/10")), Map.of("b", "2", "a", "x\"y"), null));

        assertThat(db().queryScalar("SELECT sink_state FROM " + qualified(schema, "checkpoints")))
                .isEqualTo("{\"a\":\"x\\\"y\",\"b\":\"2\"}");
        assertThat(db().queryScalar("SELECT source_kind FROM " + qualified(schema, "checkpoints"))).isEqualTo("postgresql");
    }

    @Test
    void keepsPipelinesApart() {
        assertSavedApart("a", "b");
    }

    @Test
    void pipelineNamesDifferingOnlyInCaseAreDifferentPipelines() {
        assertSavedApart("orders", "Orders");
    }

    /** Saves a checkpoint under each name and loads each back unchanged by the other. */
    private void assertSavedApart(String first, String second) {
        JdbcCheckpointStore store = store(freshSchema());
        Checkpoint a = Checkpoint.of(PgPosition.endOf(Lsn.parse("1/1")));
        Checkpoint b = Checkpoint.of(PgPosition.endOf(Lsn.parse("2/2")));

        store.save(first, a);
        store.save(second, b);

        assertThat(store.load(first)).contains(a);
        assertThat(store.load(second)).contains(b);
    }

    @Test
    void savesThroughTheCallersTransactionAndCommitsWithIt() throws Exception {
        String schema = freshSchema();
        JdbcCheckpointStore store = store(schema);
        db().execute("CREATE TABLE sink_rows_" + schema + " (id INT PRIMARY KEY)");
        Checkpoint cp = Checkpoint.of(PgPosition.endOf(Lsn.parse("5/5")));

        try (Connection c = db().connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO sink_rows_" + schema + " VALUES (1)");
            }
            store.save("tx", cp, c);
            // not visible outside the transaction before the caller commits
            assertThat(store.load("tx")).isEmpty();
            c.commit();
        }

        assertThat(store.load("tx")).contains(cp);
        assertThat(db().queryLong("SELECT count(*) FROM sink_rows_" + schema)).isEqualTo(1);
    }

    @Test
    void aRolledBackCallerTransactionLeavesThePreviousCheckpoint() throws Exception {
        JdbcCheckpointStore store = store(freshSchema());
        Checkpoint before = new Checkpoint(PgPosition.endOf(Lsn.parse("1/A")), Map.of("s", "1"), NOW);
        store.save("rb", before);

        try (Connection c = db().connection()) {
            c.setAutoCommit(false);
            store.save("rb", new Checkpoint(PgPosition.endOf(Lsn.parse("1/B")), Map.of("s", "2"), NOW), c);
            c.rollback();
        }

        assertThat(store.load("rb")).contains(before);
    }

    @Test
    void createsTheTableThroughTheSchemaInstallerOnFirstUse() {
        String schema = freshSchema();
        assertThat(db().queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?", schema))
                .isZero();

        store(schema).save("auto", Checkpoint.of(PgPosition.endOf(Lsn.parse("0/1"))));

        assertThat(db().queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name = 'checkpoints'", schema)).isEqualTo(1);
        assertThat(store(schema).load("auto")).isPresent();
    }

    /**
     * An install an earlier Tidemark made, as its database looks before the upgrade: its changesets are
     * recorded and its objects exist, and the changeset it did not know about is pending. The current
     * changelog is applied, then the newest changeset's history row is removed, so that changeset is
     * pending while the checkpoints table (which all versions have) exists.
     */
    private String schemaOfAnEarlierVersion(String pending) {
        String schema = freshSchema();
        TidemarkMigrations.apply(db().dataSource(), schema);
        db().execute("DELETE FROM " + qualified(schema, dialect.historyTable) + " WHERE id = '" + pending + "'");
        assertThat(history(schema)).doesNotContain(pending);
        return schema;
    }

    /** The ids of the changesets recorded in the schema's history, in the order they ran. */
    private java.util.List<String> history(String schema) {
        return db().queryForList("SELECT id FROM " + qualified(schema, dialect.historyTable)
                + " ORDER BY orderexecuted").stream().map(row -> row.values().iterator().next().toString()).toList();
    }

    /** Everything Liquibase recorded about each changeset, to tell whether a start ran anything. */
    private java.util.List<java.util.Map<String, Object>> historyRows(String schema) {
        return db().queryForList("SELECT id, orderexecuted, exectype, deployment_id FROM "
                + qualified(schema, dialect.historyTable) + " ORDER BY orderexecuted");
    }

    @Test
    void aStoreRunsPendingChangesetsAlsoWhenTheTableExists() {
        String schema = freshSchema();
        store(schema).save("kept", Checkpoint.of(PgPosition.endOf(Lsn.parse("0/7"))));
        // the table is there, and a changeset is pending: as after an upgrade that adds one
        db().execute("DELETE FROM " + qualified(schema, dialect.historyTable) + " WHERE id = '002-checkpoints'");
        assertThat(history(schema)).containsExactly("001-schema");

        JdbcCheckpointStore upgraded = store(schema);
        assertThat(upgraded.load("kept")).as("the checkpoint written before the upgrade").isPresent();

        // 002 guards its CREATE TABLE with a precondition, so Liquibase records it without recreating the table
        assertThat(history(schema)).containsExactly("001-schema", "002-checkpoints");
    }

    @Test
    void aStoreInstallsWhatAnEarlierVersionLeftPendingAndASecondStartAppliesNothing() {
        // an earlier version that knew the schema changeset only: the checkpoints table is its successor's
        String schema = schemaOfAnEarlierVersion("002-checkpoints");
        db().execute("DROP TABLE " + qualified(schema, "checkpoints"));

        store(schema).save("p", Checkpoint.of(PgPosition.endOf(Lsn.parse("0/1"))));

        assertThat(history(schema)).containsExactly("001-schema", "002-checkpoints");
        var afterFirstStart = historyRows(schema);

        JdbcCheckpointStore second = store(schema);
        assertThat(second.load("p")).isPresent();

        assertThat(historyRows(schema)).as("nothing ran on the second start").isEqualTo(afterFirstStart);
    }

    @Test
    void tableExistsLooksWithoutCreatingAnything() {
        String schema = freshSchema();
        JdbcCheckpointStore store = store(schema);

        assertThat(store.tableExists()).isFalse();
        assertThat(db().queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", schema))
                .as("tableExists() created nothing").isZero();

        store.load("p");

        assertThat(store.tableExists()).isTrue();
    }

    @Test
    void withoutAutoMigrateAMissingTableIsAnErrorNamingTheFix() {
        CheckpointStore store = JdbcCheckpointStore.builder(db().dataSource()).schema(freshSchema()).autoMigrate(false)
                .build();

        assertThatThrownBy(() -> store.load("p")).isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("tidemark migrate")
                .satisfies(e -> assertThat(((CheckpointStoreException) e).retryable()).isFalse());
    }

    @Test
    void anUnreadableStoredPositionIsAnErrorNamingThePipeline() {
        String schema = freshSchema();
        JdbcCheckpointStore store = store(schema);
        store.save("broken", Checkpoint.of(PgPosition.endOf(Lsn.parse("0/1"))));
        db().execute("UPDATE " + qualified(schema, "checkpoints") + " SET position = 'not-an-lsn'");

        assertThatThrownBy(() -> store.load("broken")).isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("'broken'").hasMessageContaining("not-an-lsn");
    }

    @Test
    void rejectsPipelineNamesTheTableCannotHold() {
        JdbcCheckpointStore store = store(freshSchema());
        assertThatThrownBy(() -> store.load("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.load("")).isInstanceOf(IllegalArgumentException.class);
        // MySQL compares keys ignoring trailing spaces: "a " would overwrite "a"
        assertThatThrownBy(() -> store.load("orders ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> store.load("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
    }
}
