package dev.tidemark.migrations;

import dev.tidemark.testing.DatabaseExtension;
import dev.tidemark.testing.PostgresExtension;
import java.sql.Connection;
import liquibase.database.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("postgres")
class PostgresMigrationsTest extends MigrationsContract {
    @RegisterExtension
    static final PostgresExtension pg = new PostgresExtension();

    @Override
    DatabaseExtension<?> db() {
        return pg;
    }

    @Override
    String userSchema() {
        return "public";
    }

    @Override
    String instantType() {
        return "timestamp with time zone";
    }

    @Override
    String currentSchema(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    void createSchema(String name) {
        pg.execute("CREATE SCHEMA \"" + name + "\"");
    }

    @Override
    void useAsDefault(Database database, String schema) throws Exception {
        database.setDefaultSchemaName(schema);
    }

    @Override
    String historyTable() {
        return "databasechangelog";
    }

    @Override
    String qualified(String schema, String table) {
        return "\"" + schema + "\".\"" + table + "\"";
    }
}
