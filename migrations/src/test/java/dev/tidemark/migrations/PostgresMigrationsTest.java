package dev.tidemark.migrations;

import dev.tidemark.testing.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("postgres")
class PostgresMigrationsTest extends MigrationsContract {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    PostgresMigrationsTest() {
        super(pg, SqlDialect.POSTGRES);
    }
}
