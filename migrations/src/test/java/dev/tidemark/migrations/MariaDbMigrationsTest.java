package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.MariaDbExtension;
import java.sql.Connection;
import liquibase.database.Database;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a server of its own: Tidemark's default "tidemark" database is server-wide on MariaDB. */
@Tag("mariadb")
class MariaDbMigrationsTest extends MigrationsContract {
    @RegisterExtension
    static final MariaDbExtension mariadb = MariaDbExtension.dedicatedServer();

    @Override
    DatabaseExtension<?> db() {
        return mariadb;
    }

    @Override
    String userSchema() {
        return mariadb.database();
    }

    @Override
    String instantType() {
        return "datetime";
    }

    @Override
    String currentSchema(Connection c) throws Exception {
        return c.getCatalog();
    }

    @Override
    void createSchema(String name) {
        mariadb.execute("CREATE DATABASE `" + name + "`");
    }

    @Override
    void useAsDefault(Database database, String schema) throws Exception {
        database.setDefaultCatalogName(schema);
    }

    @Override
    String historyTable() {
        return "DATABASECHANGELOG";
    }

    @Override
    String qualified(String schema, String table) {
        return "`" + schema + "`.`" + table + "`";
    }
}
