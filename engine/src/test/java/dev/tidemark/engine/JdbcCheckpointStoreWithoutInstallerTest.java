package dev.tidemark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.testing.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine alone has no SchemaInstaller: a missing table must say which module to add. */
@Tag("postgres")
class JdbcCheckpointStoreWithoutInstallerTest {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Test
    void aMissingTableWithoutAnInstallerNamesTheMigrationsModule() {
        JdbcCheckpointStore store = JdbcCheckpointStore.create(pg.dataSource());

        assertThatThrownBy(() -> store.save("p", Checkpoint.of(PgPosition.endOf(Lsn.parse("0/1")))))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("tidemark.checkpoints does not exist")
                .hasMessageContaining("dev.tidemark:tidemark-migrations")
                .hasMessageContaining("tidemark migrate");
    }

    @Test
    void worksOnATableCreatedByHand() {
        pg.execute("CREATE SCHEMA hand", "CREATE TABLE hand.checkpoints (pipeline varchar(128) PRIMARY KEY,"
                + " source_kind varchar(32) NOT NULL, position varchar(2048) NOT NULL, sink_state text,"
                + " last_commit_time timestamptz, updated_at timestamptz NOT NULL)");
        JdbcCheckpointStore store = JdbcCheckpointStore.builder(pg.dataSource()).schema("hand").build();
        Checkpoint cp = Checkpoint.of(PgPosition.endOf(Lsn.parse("A/B")));

        store.save("p", cp);

        assertThat(store.load("p")).contains(cp);
    }

    @Test
    void refusesASchemaNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(pg.dataSource()).schema("a.b"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema").hasMessageContaining("plain identifier");
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(pg.dataSource()).schema("x".repeat(64)))
                .isInstanceOf(ConfigException.class);
        // PostgreSQL would fold it and MySQL keep it: one name would mean two schemas
        assertThatThrownBy(() -> JdbcCheckpointStore.builder(pg.dataSource()).schema("Tidemark"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lower-case");
    }

    @Test
    void aDatabaseThatIsGoneIsARetryableError() {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none?user=x&connectTimeout=2");
        JdbcCheckpointStore store = JdbcCheckpointStore.create(nowhere);

        assertThatThrownBy(() -> store.load("p")).isInstanceOf(CheckpointStoreException.class)
                .satisfies(e -> assertThat(((CheckpointStoreException) e).retryable()).isTrue());
    }
}
