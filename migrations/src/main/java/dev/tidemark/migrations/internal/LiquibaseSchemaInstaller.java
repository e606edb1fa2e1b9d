package dev.tidemark.migrations.internal;

import dev.tidemark.engine.spi.SchemaInstaller;
import dev.tidemark.migrations.TidemarkMigrations;
import java.sql.Connection;

/** The {@link SchemaInstaller} found through {@code META-INF/services}: applies the changelog. */
public final class LiquibaseSchemaInstaller implements SchemaInstaller {
    @Override
    public void install(Connection connection, String schema) {
        TidemarkMigrations.apply(connection, schema);
    }
}
