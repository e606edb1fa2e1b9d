package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("mariadb")
class MariaDbCheckpointStoreTest extends CheckpointStoreContract {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    @Override
    DatabaseExtension<?> db() {
        return mariadb;
    }

    @Override
    String qualified(String schema, String table) {
        return "`" + schema + "`.`" + table + "`";
    }

    @Override
    String utcText(String column) {
        return "DATE_FORMAT(" + column + ", '%Y-%m-%dT%H:%i:%s.%f')";
    }
}
