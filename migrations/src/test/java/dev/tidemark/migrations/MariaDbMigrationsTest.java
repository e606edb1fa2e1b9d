package dev.tidemark.migrations;

import dev.tidemark.testing.MariaDbExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a server of its own: Tidemark's default "tidemark" database is server-wide on MariaDB. */
@Tag("mariadb")
class MariaDbMigrationsTest extends MigrationsContract {
    @RegisterExtension
    static final MariaDbExtension mariadb = MariaDbExtension.dedicatedServer();

    MariaDbMigrationsTest() {
        super(mariadb, SqlDialect.MARIADB);
    }
}
