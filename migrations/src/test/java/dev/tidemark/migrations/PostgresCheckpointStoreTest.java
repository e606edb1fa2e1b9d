package dev.tidemark.migrations;

import dev.tidemark.testing.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("postgres")
class PostgresCheckpointStoreTest extends CheckpointStoreContract {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    PostgresCheckpointStoreTest() {
        super(pg, SqlDialect.POSTGRES);
    }
}
