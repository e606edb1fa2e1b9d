package dev.tidemark.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.engine.ConfigException;
import dev.tidemark.testing.DatabaseExtension;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What applying Tidemark's changelog does, written once and run on each database. */
abstract class MigrationsContract extends DatabaseContract {
    MigrationsContract(DatabaseExtension<?> db, SqlDialect dialect) {
        super(db, dialect, "tm");
    }

    List<String> tablesIn(String schema) {
        return db().queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", schema)
                .stream().map(r -> r.values().iterator().next().toString().toLowerCase(Locale.ROOT))
                .sorted().collect(Collectors.toList());
    }

    @Test
    void appliesIntoTheTidemarkSchemaWithItsOwnHistoryTables() {
        List<String> applied = TidemarkMigrations.apply(db().dataSource());

        assertThat(applied).containsExactly("001-schema", "002-checkpoints");
        assertThat(tablesIn("tidemark")).containsExactly("checkpoints", "databasechangelog", "databasechangeloglock");
        assertThat(tablesIn(dialect.userSchema(db()))).doesNotContain("databasechangelog", "databasechangeloglock");
    }

    @Test
    void applyingAgainChangesNothing() {
        String schema = freshSchema();
        assertThat(TidemarkMigrations.apply(db().dataSource(), schema)).hasSize(2);

        assertThat(TidemarkMigrations.apply(db().dataSource(), schema)).isEmpty();

        assertThat(db().queryLong("SELECT count(*) FROM " + dialect.qualified(schema, dialect.historyTable))).isEqualTo(2);
    }

    @Test
    void createsTheCheckpointTableWithTheDocumentedColumns() {
        String schema = freshSchema();
        TidemarkMigrations.apply(db().dataSource(), schema);

        Map<String, Map<String, Object>> columns = new HashMap<>();
        for (Map<String, Object> row : db().queryForList("SELECT * FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = 'checkpoints'", schema)) {
            Map<String, Object> lower = new HashMap<>();
            row.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            columns.put(lower.get("column_name").toString(), lower);
        }
        assertThat(columns).containsOnlyKeys("pipeline", "source_kind", "position", "sink_state", "last_commit_time",
                "updated_at");
        assertThat(columns.get("pipeline").get("character_maximum_length")).asString().isEqualTo("128");
        assertThat(columns.get("position").get("character_maximum_length")).asString().isEqualTo("2048");
        assertThat(columns.get("source_kind").get("character_maximum_length")).asString().isEqualTo("32");
        assertThat(columns.get("sink_state").get("is_nullable")).isEqualTo("YES");
        assertThat(columns.get("last_commit_time").get("is_nullable")).isEqualTo("YES");
        assertThat(columns.get("updated_at").get("is_nullable")).isEqualTo("NO");
        assertThat(columns.get("position").get("is_nullable")).isEqualTo("NO");
        assertThat(columns.get("updated_at").get("datetime_precision")).asString().isEqualTo("6");
        assertThat(columns.get("updated_at").get("data_type").toString().toLowerCase(Locale.ROOT)).isEqualTo(dialect.instantType);
        assertThat(columns.get("last_commit_time").get("data_type").toString().toLowerCase(Locale.ROOT)).isEqualTo(dialect.instantType);
    }

    @Test
    void leavesTheCallersSessionAsItFoundIt() throws Exception {
        String schema = freshSchema();
        try (Connection c = db().connection()) {
            c.setAutoCommit(false);
            c.commit();
            String before = dialect.currentSchema(c);

            assertThat(TidemarkMigrations.apply(c, schema)).hasSize(2);

            assertThat(c.isClosed()).isFalse();
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(dialect.currentSchema(c)).isEqualTo(before);
        }
    }

    @Test
    void rejectsASchemaNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> TidemarkMigrations.apply(db().dataSource(), "bad\"name"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plain identifier");
        assertThatThrownBy(() -> TidemarkMigrations.apply(db().dataSource(), ""))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aUsersOwnChangelogCanIncludeTidemarks() throws Exception {
        String schema = freshSchema();
        // the user's Liquibase works in a schema of its own here, so other tests' checks of the
        // default schema stay meaningful
        String userSchema = freshSchema();
        dialect.createSchema(db(), userSchema);
        try (Connection c = db().connection()) {
            UserLiquibase.update(c, "db/user-changelog.yaml", Map.of(TidemarkMigrations.SCHEMA_PARAMETER, schema),
                    database -> dialect.useAsDefault(database, userSchema));
        }

        assertThat(tablesIn(schema)).containsExactly("checkpoints");
        assertThat(tablesIn(userSchema)).containsExactly("databasechangelog", "databasechangeloglock", "orders");
        // Tidemark's own apply later finds the table there: the schema changeset runs (IF NOT EXISTS),
        // the table changeset is only marked as ran in Tidemark's history
        assertThat(TidemarkMigrations.apply(db().dataSource(), schema)).containsExactly("001-schema");
        assertThat(db().queryLong("SELECT count(*) FROM " + dialect.qualified(schema, dialect.historyTable))).isEqualTo(2);
    }
}
