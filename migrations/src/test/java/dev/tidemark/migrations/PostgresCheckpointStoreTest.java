package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("postgres")
class PostgresCheckpointStoreTest extends CheckpointStoreContract {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Override
    DatabaseExtension<?> db() {
        return pg;
    }

    @Override
    String qualified(String schema, String table) {
        return "\"" + schema + "\".\"" + table + "\"";
    }

    @Override
    String utcText(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";
    }
}
