package dev.tidemark.migrations;

import dev.tidemark.testing.MariaDbExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("mariadb")
class MariaDbCheckpointStoreTest extends CheckpointStoreContract {
    @RegisterExtension
    static final MariaDbExtension mariadb = new MariaDbExtension();

    MariaDbCheckpointStoreTest() {
        super(mariadb, SqlDialect.MARIADB);
    }

    /** MariaDB's "schemas" are databases of the whole server: drop this class's before it goes. */
    @AfterAll
    static void dropTheTestsTidemarkDatabases() {
        for (Map<String, Object> row : mariadb.queryForList(
                "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ?",
                new MariaDbCheckpointStoreTest().schemaPrefix() + "%")) {
            mariadb.server().dropDatabase(row.values().iterator().next().toString());
        }
    }
}
