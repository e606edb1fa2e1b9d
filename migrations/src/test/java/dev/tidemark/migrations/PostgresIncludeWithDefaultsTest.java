package dev.tidemark.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.engine.Checkpoint;
import dev.tidemark.engine.JdbcCheckpointStore;
import dev.tidemark.engine.Lsn;
import dev.tidemark.engine.PgPosition;
import dev.tidemark.testing.PostgresExtension;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's changelog that includes Tidemark's and sets nothing gets the default "tidemark" schema. */
@Tag("postgres")
class PostgresIncludeWithDefaultsTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void includingWithoutParametersCreatesTheTidemarkSchemaTheStoreUses() throws Exception {
        try (Connection c = pg.connection()) {
            UserLiquibase.update(c, "db/user-changelog.yaml", Map.of(), database -> { });
        }

        assertThat(pg.queryLong("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = 'tidemark' AND table_name = 'checkpoints'")).isEqualTo(1);
        assertThat(pg.queryLong("SELECT count(*) FROM public.databasechangelog")).isEqualTo(3);
        JdbcCheckpointStore store = JdbcCheckpointStore.builder(pg.dataSource()).autoMigrate(false).build();
        Checkpoint cp = Checkpoint.of(PgPosition.endOf(Lsn.parse("1/2")));
        store.save("users_app", cp);
        assertThat(store.load("users_app")).contains(cp);
    }
}
